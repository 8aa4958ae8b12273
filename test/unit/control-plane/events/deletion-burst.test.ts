import { describe, expect, it } from 'vitest';
import { burstBreaches } from '../../../../control-plane/events/deletion-burst.ts';

const thresholds = {
  users: { value: 3, unit: 'count' as const },
  departments: { value: 10, unit: 'percent' as const },
};

describe('event deletion burst', () => {
  it('lets removals through up to the threshold within the window and holds one more', () => {
    const base = { activeNow: { users: 100, departments: 20 }, thresholds };
    expect(
      burstBreaches({
        ...base,
        recent: { users: 2, departments: 0 },
        removals: { users: 1, departments: 0 },
      }),
    ).toEqual([]);
    const held = burstBreaches({
      ...base,
      recent: { users: 3, departments: 0 },
      removals: { users: 1, departments: 0 },
    });
    expect(held).toEqual([expect.objectContaining({ kind: 'users', count: 4, limit: 3 })]);
  });

  it('counts a percentage from before the window started', () => {
    // 20 departments now after 2 removed in the window: 22 before, 10% = 2 allowed.
    const breaches = burstBreaches({
      recent: { users: 0, departments: 2 },
      removals: { users: 0, departments: 1 },
      activeNow: { users: 100, departments: 20 },
      thresholds,
    });
    expect(breaches).toEqual([
      expect.objectContaining({ kind: 'departments', count: 3, limit: 2, base: 22 }),
    ]);
  });
});
