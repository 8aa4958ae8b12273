// A small in-memory fixed-window limiter keyed by a string (client IP, IP + email, ...). Bounded:
// when it tracks too many keys it drops the oldest windows first. Per process; replicas each
// count their own share, which only makes the limit looser by the replica count.
import type { Clock } from '../clock.ts';

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
  remaining: number;
}

export class RateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #clock: Clock;

  constructor(options: { limit: number; windowMs: number; clock: Clock; maxKeys?: number }) {
    this.#limit = options.limit;
    this.#windowMs = options.windowMs;
    this.#clock = options.clock;
    this.#maxKeys = options.maxKeys ?? 50_000;
  }

  hit(key: string): RateLimitDecision {
    const now = this.#clock.now().getTime();
    let w = this.#windows.get(key);
    if (!w || now - w.start >= this.#windowMs) {
      this.#windows.delete(key);
      w = { start: now, count: 0 };
      this.#windows.set(key, w);
      this.#evict();
    }
    w.count += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((w.start + this.#windowMs - now) / 1000));
    return {
      allowed: w.count <= this.#limit,
      retryAfterSeconds,
      remaining: Math.max(0, this.#limit - w.count),
    };
  }

  #evict(): void {
    // Map iteration order is insertion order, and a renewed window is re-inserted: oldest first.
    for (const key of this.#windows.keys()) {
      if (this.#windows.size <= this.#maxKeys) break;
      this.#windows.delete(key);
    }
  }
}
