// Chores one replica does at a time (under the "housekeeping" lease): forgetting processed
// events once Feishu can no longer retry them. Feishu retries for about 7 hours (15 s, 5 min,
// 1 h, 6 h); an event_id must stay in the inbox longer than that or a late retry would be
// processed twice, so the default keeps a week.
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../storage/schema.ts';
import { acquireLease } from './lease.ts';

export const DEFAULT_EVENT_RETENTION_MS = 7 * 24 * 3_600_000;

export interface HousekeepingOptions {
  db: Kysely<Database>;
  clock: Clock;
  holder: string;
  eventRetentionMs?: number;
  batchSize?: number;
  leaseMs?: number;
}

export function createHousekeeping(options: HousekeepingOptions) {
  const { db, clock, holder } = options;
  const retention = options.eventRetentionMs ?? DEFAULT_EVENT_RETENTION_MS;
  const batchSize = options.batchSize ?? 5_000;
  const leaseMs = options.leaseMs ?? 5 * 60_000;

  return {
    /** Deletes one batch of old processed events if this replica holds the lease; true if more may remain. */
    async runOnce(): Promise<boolean> {
      const now = clock.now();
      if (!(await acquireLease(db, 'housekeeping', holder, now, leaseMs))) return false;
      const before = new Date(now.getTime() - retention);
      const old = db
        .selectFrom('events_inbox')
        .select('id')
        .where('processed_at', '<', before)
        .limit(batchSize);
      const r = await db.deleteFrom('events_inbox').where('id', 'in', old).executeTakeFirst();
      return Number(r.numDeletedRows) >= batchSize;
    },
  };
}
