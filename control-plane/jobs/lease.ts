// Named leases in job_leases: a job that must run on one replica at a time takes the lease with
// one atomic statement (insert, or take over a row whose lease expired or that it already holds).
// A holder that dies simply stops renewing; the lease lapses and another replica takes it.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

/** True if `holder` holds `name` until now + ttlMs (taken or renewed). */
export async function acquireLease(
  db: Kysely<Database>,
  name: string,
  holder: string,
  now: Date,
  ttlMs: number,
): Promise<boolean> {
  const expires = new Date(now.getTime() + ttlMs);
  const result = await sql<{ holder: string }>`
    insert into job_leases (name, holder, acquired_at, expires_at)
    values (${name}, ${holder}, ${now}, ${expires})
    on conflict (name) do update
      set holder = excluded.holder,
          acquired_at = case when job_leases.holder = excluded.holder
                             then job_leases.acquired_at else excluded.acquired_at end,
          expires_at = excluded.expires_at
      where job_leases.expires_at <= ${now} or job_leases.holder = excluded.holder
    returning holder`.execute(db);
  return result.rows.length === 1;
}

/** Gives the lease up early (clean shutdown); only its holder can. */
export async function releaseLease(
  db: Kysely<Database>,
  name: string,
  holder: string,
): Promise<void> {
  await db.deleteFrom('job_leases').where('name', '=', name).where('holder', '=', holder).execute();
}
