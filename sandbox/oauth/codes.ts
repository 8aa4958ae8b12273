// Authorization codes: [A-Za-z0-9-_], 64 characters, valid 5 minutes, single use. Used codes
// are remembered until well after they expire so a replay reports "already used" (20065)
// rather than "not found" (20003).
import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../clock.ts';
import type { Brand } from '../org/types.ts';

export const CODE_TTL_MS = 5 * 60_000;
const REMEMBER_USED_MS = 30 * 60_000;

export type OAuthFlow = 'v2' | 'passport';
export type PkceMethod = 'plain' | 'S256';

export interface CodeGrant {
  brand: Brand;
  flow: OAuthFlow;
  appId: string;
  userKey: string;
  redirectUri: string;
  /** Every scope the user has granted the app so far (grants are cumulative). */
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: PkceMethod;
  /** When the user authorized; refresh stops working 365 days later. */
  authTime: number;
}

interface CodeEntry {
  grant: CodeGrant;
  expiresAt: number;
  used: boolean;
}

export type CodeLookup =
  { ok: true; grant: CodeGrant } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

export const newOpaqueCode = (bytes = 48): string => randomBytes(bytes).toString('base64url');

export class AuthCodeStore {
  private readonly entries = new Map<string, CodeEntry>();
  private readonly clock: SandboxClock;
  private issued = 0;

  constructor(clock: SandboxClock) {
    this.clock = clock;
  }

  issue(grant: CodeGrant): string {
    if (++this.issued % 256 === 0) this.prune();
    const code = newOpaqueCode();
    this.entries.set(code, { grant, expiresAt: this.clock.now() + CODE_TTL_MS, used: false });
    return code;
  }

  /** Looks a code up without spending it: a failed exchange leaves the code usable. */
  peek(code: string): CodeLookup {
    const entry = this.entries.get(code);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (entry.used) return { ok: false, reason: 'used' };
    if (this.clock.now() >= entry.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, grant: entry.grant };
  }

  consume(code: string): void {
    const entry = this.entries.get(code);
    if (entry) entry.used = true;
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(): void {
    const now = this.clock.now();
    for (const [code, e] of this.entries) {
      if (now >= e.expiresAt + REMEMBER_USED_MS) this.entries.delete(code);
    }
  }
}
