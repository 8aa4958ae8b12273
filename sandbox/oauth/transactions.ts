// A sign-in in progress: the validated authorize request, kept on the server between the
// sign-in form, the consent page and the redirect. Forms carry only the transaction id, so
// nobody can alter the redirect or the scopes halfway; after sign-in the transaction is tied
// to the browser session that signed in.
import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../clock.ts';
import type { AuthorizeRequest } from './authorize-request.ts';
import type { Lang } from './i18n.ts';

const TXN_TTL_MS = 15 * 60_000;

export interface AuthorizeTxn {
  id: string;
  request: AuthorizeRequest;
  lang: Lang;
  /** Set once someone signed in for this transaction. */
  userKey?: string;
  sessionId?: string;
  expiresAt: number;
}

export class TxnStore {
  private readonly txns = new Map<string, AuthorizeTxn>();
  private readonly clock: SandboxClock;

  constructor(clock: SandboxClock) {
    this.clock = clock;
  }

  create(request: AuthorizeRequest, lang: Lang): AuthorizeTxn {
    const now = this.clock.now();
    if (this.txns.size > 1000) {
      for (const [id, t] of this.txns) if (now >= t.expiresAt) this.txns.delete(id);
    }
    const txn: AuthorizeTxn = {
      id: randomBytes(18).toString('base64url'),
      request,
      lang,
      expiresAt: now + TXN_TTL_MS,
    };
    this.txns.set(txn.id, txn);
    return txn;
  }

  get(id: unknown): AuthorizeTxn | undefined {
    if (typeof id !== 'string') return undefined;
    const txn = this.txns.get(id);
    if (!txn) return undefined;
    if (this.clock.now() >= txn.expiresAt) {
      this.txns.delete(id);
      return undefined;
    }
    return txn;
  }

  finish(id: string): void {
    this.txns.delete(id);
  }
}
