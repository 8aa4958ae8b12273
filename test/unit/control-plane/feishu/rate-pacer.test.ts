import { describe, expect, it } from 'vitest';
import { RatePacer, type PacerClock } from '../../../../control-plane/feishu/rate-pacer.ts';
import { backoffDelay, rateLimitDelay } from '../../../../control-plane/feishu/retry-policy.ts';

/** A clock that only moves when someone sleeps: the pacer's waits become exact numbers. */
function fakeClock(): PacerClock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

/** Largest number of calls inside any window of `span` ms. */
function maxInWindow(stamps: number[], span: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < stamps.length; hi++) {
    while (stamps[hi]! - stamps[lo]! >= span) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe('RatePacer', () => {
  it('keeps every second and every minute under the platform limits, and no slower than needed', async () => {
    const clock = fakeClock();
    const pacer = new RatePacer({ clock, marginRatio: 0 });
    const stamps: number[] = [];
    for (let i = 0; i < 2500; i++) {
      await pacer.acquire('GET /x');
      stamps.push(clock.t);
    }
    expect(maxInWindow(stamps, 1000)).toBeLessThanOrEqual(50);
    expect(maxInWindow(stamps, 60_000)).toBeLessThanOrEqual(1000);
    // 2,500 calls at 1000/min: the first 1,000 go in 20 s, then one full minute per 1,000.
    expect(clock.t).toBe(2 * 60_000 + Math.floor(499 / 50) * 1000);
  });

  it('paces each endpoint on its own budget', async () => {
    const clock = fakeClock();
    const pacer = new RatePacer({ clock, marginRatio: 0 });
    for (let i = 0; i < 50; i++) await pacer.acquire('GET /a');
    for (let i = 0; i < 50; i++) await pacer.acquire('GET /b');
    expect(clock.t).toBe(0);
    await pacer.acquire('GET /a');
    expect(clock.t).toBe(1000);
  });

  it('serves concurrent callers of one endpoint in order without exceeding the limit', async () => {
    const clock = fakeClock();
    const pacer = new RatePacer({
      clock,
      limits: { perSecond: 5, perMinute: 1000 },
      marginRatio: 0,
    });
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => pacer.acquire('GET /x').then(() => order.push(i))),
    );
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(clock.t).toBe(2000);
  });
});

describe('retry policy', () => {
  it('backs off exponentially with equal jitter, capped', () => {
    const opts = { baseMs: 100, capMs: 1000 };
    expect(backoffDelay(1, opts, () => 0)).toBe(50);
    expect(backoffDelay(1, opts, () => 1)).toBe(100);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(300);
    expect(backoffDelay(10, opts, () => 1)).toBe(1000);
  });

  it('waits what x-ogw-ratelimit-reset says, one second without it, never more than the cap', () => {
    expect(rateLimitDelay('2', 65_000)).toBe(2050);
    expect(rateLimitDelay(null, 65_000)).toBe(1000);
    expect(rateLimitDelay('garbage', 65_000)).toBe(1000);
    expect(rateLimitDelay('3600', 65_000)).toBe(65_000);
  });
});
