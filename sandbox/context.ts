// What every sandbox module is given: the org store, the clock, the options the sandbox was
// started with, and the brand a route was mounted for. Modules are fastify plugins that take a
// SandboxContext; server.ts mounts the Open Platform ones once per brand.
import type { SandboxClock } from './clock.ts';
import type { OrgStore } from './org/org-store.ts';
import type { Brand } from './org/types.ts';

export interface SandboxOptions {
  /** Enforce the platform's default rate limits (section 7 of the reference). */
  rateLimits: boolean;
  /** Multiplies the event retry schedule (15 s, 5 min, 1 h, 6 h); 0.001 makes it milliseconds. */
  retryScale: number;
  /** Probability that a successfully delivered event is delivered once more (at least once). */
  duplicateRate: number;
  /** Seed of everything random that is not a secret (names, ids, duplicate draws). */
  seed: number;
}

export interface SandboxContext {
  store: OrgStore;
  clock: SandboxClock;
  options: SandboxOptions;
  /** The sandbox's own base URL once listening, e.g. http://127.0.0.1:4010 (no trailing slash). */
  baseUrl(): string;
  /** Base URL of a brand: Feishu at the root, Lark under /lark. */
  brandUrl(brand: Brand): string;
}

export const BRAND_PREFIX: Record<Brand, string> = { feishu: '', lark: '/lark' };
