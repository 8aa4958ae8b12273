import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDeletionThresholds,
  thresholdLimit,
} from '../../../../control-plane/directory/deletion-protection.ts';
import { DEFAULT_DELETION_THRESHOLDS } from '../../../../shared/domain/identity-source.ts';

const active = { users: 1000, departments: 100 };

describe('deletion protection', () => {
  it('lets exactly the threshold through and holds one more (counts, users and departments apart)', () => {
    const at = checkDeletionThresholds({
      removals: { users: 30, departments: 10 },
      activeBefore: active,
      thresholds: DEFAULT_DELETION_THRESHOLDS,
      firstSync: false,
    });
    expect(at).toEqual([]);
    const above = checkDeletionThresholds({
      removals: { users: 31, departments: 10 },
      activeBefore: active,
      thresholds: DEFAULT_DELETION_THRESHOLDS,
      firstSync: false,
    });
    expect(above).toEqual([
      {
        kind: 'users',
        count: 31,
        limit: 30,
        threshold: { value: 30, unit: 'count' },
        base: 1000,
      },
    ]);
    const depts = checkDeletionThresholds({
      removals: { users: 0, departments: 11 },
      activeBefore: active,
      thresholds: DEFAULT_DELETION_THRESHOLDS,
      firstSync: false,
    });
    expect(depts.map((b) => b.kind)).toEqual(['departments']);
  });

  it('reads a percentage of what is active before, rounded down', () => {
    const thresholds = {
      users: { value: 10, unit: 'percent' as const },
      departments: { value: 5, unit: 'percent' as const },
    };
    expect(thresholdLimit(thresholds.users, 205)).toBe(20);
    const check = (users: number, departments: number) =>
      checkDeletionThresholds({
        removals: { users, departments },
        activeBefore: { users: 205, departments: 100 },
        thresholds,
        firstSync: false,
      }).map((b) => [b.kind, b.limit]);
    expect(check(20, 5)).toEqual([]);
    expect(check(21, 6)).toEqual([
      ['users', 20],
      ['departments', 5],
    ]);
  });

  it('never holds the first sync of a source', () => {
    expect(
      checkDeletionThresholds({
        removals: { users: 10_000, departments: 500 },
        activeBefore: active,
        thresholds: DEFAULT_DELETION_THRESHOLDS,
        firstSync: true,
      }),
    ).toEqual([]);
  });

  it('holds exactly when the count exceeds the limit (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom('count' as const, 'percent' as const),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        (value, unit, removed, base) => {
          const t = { value, unit };
          const held = checkDeletionThresholds({
            removals: { users: removed, departments: 0 },
            activeBefore: { users: base, departments: 0 },
            thresholds: { users: t, departments: { value: 0, unit: 'count' } },
            firstSync: false,
          });
          const limit = unit === 'count' ? value : Math.floor((value * base) / 100);
          expect(held.length === 1).toBe(removed > limit);
        },
      ),
    );
  });
});
