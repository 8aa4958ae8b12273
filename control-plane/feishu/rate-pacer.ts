// Client-side pacing per endpoint, so a big sync runs at the platform's rate instead of running
// into it: at most `perSecond` calls in any second and `perMinute` in any minute (sliding
// windows). The platform counts in fixed windows on its side; any sequence that keeps to the
// sliding limits keeps to its fixed ones too, and a small margin on the window length absorbs
// the jitter between our send time and its arrival time. Callers of one endpoint queue in order.

export interface PaceLimits {
  perSecond: number;
  perMinute: number;
}

/** Tier 4, the platform's default for contact reads and most endpoints (reference section 7). */
export const PLATFORM_DEFAULT_LIMITS: PaceLimits = { perSecond: 50, perMinute: 1000 };

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

class SlidingWindow {
  private readonly stamps: number[] = [];
  private head = 0;
  private readonly limit: number;
  private readonly spanMs: number;
  constructor(limit: number, spanMs: number) {
    this.limit = limit;
    this.spanMs = spanMs;
  }
  /** Milliseconds until one more call fits (0 = now). */
  waitMs(now: number): number {
    while (this.head < this.stamps.length && this.stamps[this.head]! <= now - this.spanMs)
      this.head += 1;
    if (this.head > 4096) {
      this.stamps.splice(0, this.head);
      this.head = 0;
    }
    const inWindow = this.stamps.length - this.head;
    if (inWindow < this.limit) return 0;
    return this.stamps[this.stamps.length - this.limit]! + this.spanMs - now;
  }
  record(now: number): void {
    this.stamps.push(now);
  }
}

class EndpointPace {
  private readonly second: SlidingWindow;
  private readonly minute: SlidingWindow;
  private tail: Promise<void> = Promise.resolve();
  private readonly clock: PacerClock;
  constructor(limits: PaceLimits, marginRatio: number, clock: PacerClock) {
    this.second = new SlidingWindow(limits.perSecond, 1000 * (1 + marginRatio));
    this.minute = new SlidingWindow(limits.perMinute, 60_000 * (1 + marginRatio / 10));
    this.clock = clock;
  }
  acquire(): Promise<void> {
    const turn = this.tail.then(() => this.take());
    this.tail = turn.catch(() => undefined);
    return turn;
  }
  private async take(): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      const now = this.clock.now();
      const wait = Math.max(this.second.waitMs(now), this.minute.waitMs(now));
      if (wait <= 0) {
        this.second.record(now);
        this.minute.record(now);
        return;
      }
      await this.clock.sleep(Math.ceil(wait));
    }
  }
}

export interface RatePacerOptions {
  limits?: PaceLimits;
  /** Per-endpoint limits where the platform's tier differs. */
  endpointLimits?: Record<string, PaceLimits>;
  /** Extra share of the per-second window (the minute window gets a tenth of it). */
  marginRatio?: number;
  clock?: PacerClock;
}

export const realPacerClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RatePacer {
  private readonly endpoints = new Map<string, EndpointPace>();
  private readonly options: Required<Omit<RatePacerOptions, 'endpointLimits'>> &
    Pick<RatePacerOptions, 'endpointLimits'>;
  constructor(options: RatePacerOptions = {}) {
    this.options = {
      limits: options.limits ?? PLATFORM_DEFAULT_LIMITS,
      endpointLimits: options.endpointLimits,
      marginRatio: options.marginRatio ?? 0.05,
      clock: options.clock ?? realPacerClock,
    };
  }
  /** Resolves when one more call of `endpoint` may be sent now. */
  acquire(endpoint: string): Promise<void> {
    let pace = this.endpoints.get(endpoint);
    if (!pace) {
      pace = new EndpointPace(
        this.options.endpointLimits?.[endpoint] ?? this.options.limits,
        this.options.marginRatio,
        this.options.clock,
      );
      this.endpoints.set(endpoint, pace);
    }
    return pace.acquire();
  }
}
