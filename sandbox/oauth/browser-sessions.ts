// The signed-in browser. Like the real accounts page, the sandbox remembers who signed in on
// this browser (a cookie on the sandbox origin) and next time offers "Continue as <name>".
// Feishu and Lark are separate platforms, so each brand has its own cookie.
import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../clock.ts';
import type { Brand } from '../org/types.ts';

const SESSION_TTL_MS = 30 * 24 * 3600_000;

export const SESSION_COOKIE: Record<Brand, string> = {
  feishu: 'sbx_feishu_session',
  lark: 'sbx_lark_session',
};

export interface BrowserSession {
  id: string;
  brand: Brand;
  userKey: string;
  expiresAt: number;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookie(brand: Brand, id: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE[brand]}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}`;
}

export const clearedSessionCookie = (brand: Brand): string => sessionCookie(brand, '', 0);

export class BrowserSessionStore {
  private readonly sessions = new Map<string, BrowserSession>();
  private readonly clock: SandboxClock;

  constructor(clock: SandboxClock) {
    this.clock = clock;
  }

  create(brand: Brand, userKey: string): { session: BrowserSession; cookie: string } {
    const now = this.clock.now();
    if (this.sessions.size > 1000) {
      for (const [id, s] of this.sessions) if (now >= s.expiresAt) this.sessions.delete(id);
    }
    const session = {
      id: randomBytes(24).toString('base64url'),
      brand,
      userKey,
      expiresAt: now + SESSION_TTL_MS,
    };
    this.sessions.set(session.id, session);
    return { session, cookie: sessionCookie(brand, session.id, SESSION_TTL_MS / 1000) };
  }

  /** The session named by the request's cookie for this brand, if it is still valid. */
  fromCookieHeader(brand: Brand, header: string | undefined): BrowserSession | undefined {
    const id = readCookie(header, SESSION_COOKIE[brand]);
    const session = id ? this.sessions.get(id) : undefined;
    if (!session || session.brand !== brand) return undefined;
    if (this.clock.now() >= session.expiresAt) {
      this.sessions.delete(session.id);
      return undefined;
    }
    return session;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }
}
