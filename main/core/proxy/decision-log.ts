// The proxy's recent decisions, for the "why was this denied" view: a bounded list, newest last,
// where a repeat of the same decision (same destination, outcome, reason and application) moves
// to the end and counts up instead of pushing older ones out. A listener hears each decision.
import type { ReasonCode } from '../../../shared/domain/policy/reasons.ts';

export type DecisionOutcome = 'allow' | 'deny' | 'direct';

export interface ProxyDecision {
  outcome: DecisionOutcome;
  /** Absent for direct destinations. */
  reason?: ReasonCode;
  /** How the browser asked: a plain HTTP request or a CONNECT tunnel (HTTPS, WebSocket, ...). */
  via: 'http' | 'connect';
  host: string;
  port: number;
  /** The IP address the name resolved to, when that address decided (the name was not listed). */
  address?: string;
  appId?: string;
  appName?: string;
  policyId?: string;
  policyName?: string;
  /** True when an open connection was closed because the decision changed to deny. */
  closedOpenConnection?: boolean;
  /** First and last time (ms since the epoch) and how many times this decision was taken. */
  firstAt: number;
  lastAt: number;
  count: number;
}

export type DecisionInput = Omit<ProxyDecision, 'firstAt' | 'lastAt' | 'count'>;

export const DEFAULT_DECISION_LOG_SIZE = 200;

const keyOf = (d: DecisionInput): string =>
  `${d.outcome}|${d.reason ?? ''}|${d.via}|${d.host}|${d.port}|${d.appId ?? ''}|${d.policyId ?? ''}|${d.closedOpenConnection ? 1 : 0}`;

export class DecisionLog {
  readonly #capacity: number;
  readonly #entries = new Map<string, ProxyDecision>();
  readonly #listeners = new Set<(d: ProxyDecision) => void>();

  constructor(capacity = DEFAULT_DECISION_LOG_SIZE) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  record(input: DecisionInput, at: number): void {
    const key = keyOf(input);
    const seen = this.#entries.get(key);
    let entry: ProxyDecision;
    if (seen) {
      this.#entries.delete(key);
      seen.lastAt = at;
      seen.count++;
      entry = seen;
    } else {
      entry = { ...input, firstAt: at, lastAt: at, count: 1 };
    }
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#capacity) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    for (const listener of this.#listeners) listener({ ...entry });
  }

  /** The last `limit` decisions, newest first; `onlyDenied` keeps the denies. */
  recent(options: { limit?: number; onlyDenied?: boolean } = {}): ProxyDecision[] {
    const limit = options.limit ?? this.#capacity;
    const out: ProxyDecision[] = [];
    const all = [...this.#entries.values()];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      const d = all[i]!;
      if (options.onlyDenied && d.outcome !== 'deny') continue;
      out.push({ ...d });
    }
    return out;
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (d: ProxyDecision) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clear(): void {
    this.#entries.clear();
  }
}
