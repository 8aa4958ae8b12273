import { describe, expect, it } from 'vitest';
import { DEFAULT_TIER, RateLimiter } from '../../../sandbox/platform/rate-limiter.ts';

const EP = 'GET /open-apis/contact/v3/users/:user_id';

function limiterAt(start: number) {
  let now = start;
  const limiter = new RateLimiter(() => now, true);
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe('rate limiter', () => {
  it('trips the per-second window at the tier limit and resets with the next second', () => {
    const { limiter, advance } = limiterAt(1_000_000_000_250);
    for (let i = 0; i < DEFAULT_TIER.perSecond!; i++) {
      expect(limiter.take(EP, 'app').allowed).toBe(true);
    }
    const denied = limiter.take(EP, 'app');
    expect(denied).toEqual({ allowed: false, limit: 50, resetSeconds: 1 });
    advance(750);
    expect(limiter.take(EP, 'app').allowed).toBe(true);
  });

  it('trips the per-minute window and reports the seconds until the minute ends', () => {
    const { limiter, advance } = limiterAt(60_000 * 1_000_000);
    limiter.overrides[EP] = { perMinute: 3 };
    for (let i = 0; i < 3; i++) expect(limiter.take(EP, 'app').allowed).toBe(true);
    advance(20_000);
    expect(limiter.take(EP, 'app')).toEqual({ allowed: false, limit: 3, resetSeconds: 40 });
    advance(40_000);
    expect(limiter.take(EP, 'app').allowed).toBe(true);
  });

  it('counts apps and endpoints separately, and counts nothing when disabled', () => {
    const { limiter } = limiterAt(5_000);
    limiter.overrides[EP] = { perSecond: 1 };
    expect(limiter.take(EP, 'a').allowed).toBe(true);
    expect(limiter.take(EP, 'a').allowed).toBe(false);
    expect(limiter.take(EP, 'b').allowed).toBe(true);
    expect(limiter.take('GET /other', 'a').allowed).toBe(true);
    limiter.enabled = false;
    for (let i = 0; i < 100; i++) expect(limiter.take(EP, 'a').allowed).toBe(true);
  });

  it('does not count refused calls', () => {
    const { limiter, advance } = limiterAt(0);
    limiter.overrides[EP] = { perSecond: 2, perMinute: 3 };
    limiter.take(EP, 'a');
    limiter.take(EP, 'a');
    for (let i = 0; i < 10; i++) expect(limiter.take(EP, 'a').allowed).toBe(false);
    advance(1000);
    expect(limiter.take(EP, 'a').allowed).toBe(true);
    expect(limiter.take(EP, 'a').allowed).toBe(false); // minute budget of 3 used
  });
});
