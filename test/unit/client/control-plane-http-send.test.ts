// Retry-After as the control-plane client reads it: delta-seconds or an HTTP date, and nothing
// for a value it cannot read (the caller then backs off on its own schedule).
import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../main/core/control-plane-http-send.ts';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-22T04:00:00Z');

  it('reads seconds and HTTP dates, never negative', () => {
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Sun, 22 Nov 2026 04:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 22 Nov 2026 03:59:00 GMT', now)).toBe(0);
    expect(retryAfterMs(['7', '9'], now)).toBe(7000);
  });

  it('has no answer for an absent or unreadable value', () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs('', now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('-5', now)).toBeUndefined();
  });
});
