// Deletion protection, the pure part: does a change remove more users or departments than the
// source's thresholds allow? Users and departments are weighed separately, each against a count
// or a percentage of what is active before the change. Exactly at the threshold is allowed, one
// more is held. The first sync of a source has nothing to protect and is never held by this.
import type { DeletionThreshold, DeletionThresholds } from '../../shared/domain/identity-source.ts';
import type { RemovalCounts } from './change-set.ts';

export interface ThresholdBreach {
  kind: 'users' | 'departments';
  /** How many would be removed. */
  count: number;
  /** The most that may be removed without an admin's approval. */
  limit: number;
  threshold: DeletionThreshold;
  /** Active users or departments before the change (the base of a percentage). */
  base: number;
}

export interface ProtectionInput {
  removals: RemovalCounts;
  activeBefore: { users: number; departments: number };
  thresholds: DeletionThresholds;
  firstSync: boolean;
}

/** The largest number a threshold lets through: a count, or a share of the base (rounded down). */
export const thresholdLimit = (t: DeletionThreshold, base: number): number =>
  t.unit === 'count' ? t.value : Math.floor((t.value * base) / 100);

export function checkDeletionThresholds(input: ProtectionInput): ThresholdBreach[] {
  if (input.firstSync) return [];
  const breaches: ThresholdBreach[] = [];
  for (const kind of ['users', 'departments'] as const) {
    const threshold = input.thresholds[kind];
    const base = input.activeBefore[kind];
    const limit = thresholdLimit(threshold, base);
    const count = input.removals[kind];
    if (count > limit) breaches.push({ kind, count, limit, threshold, base });
  }
  return breaches;
}
