// Login transactions and the states issued for them. States and handoff codes are stored as
// SHA-256 digests; a state is found by its digest, so looking one up compares no secret.
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { LoginFlow, LoginTransactionsTable } from '../session-tables.ts';

export const insertTransaction = (db: Kysely<Database>, row: Insertable<LoginTransactionsTable>) =>
  db.insertInto('login_transactions').values(row).execute();

export const getTransaction = (db: Kysely<Database>, id: string) =>
  db.selectFrom('login_transactions').selectAll().where('id', '=', id).executeTakeFirst();

/** Counts one more state for a pending, unexpired transaction, unless it already has `max`. */
export async function countState(
  db: Kysely<Database>,
  id: string,
  now: Date,
  max: number,
): Promise<boolean> {
  const r = await db
    .updateTable('login_transactions')
    .set({ states_issued: sql`states_issued + 1` })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .where('states_issued', '<', max)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const insertState = (
  db: Kysely<Database>,
  row: { stateHash: string; transactionId: string; flow: LoginFlow; now: Date; expiresAt: Date },
) =>
  db
    .insertInto('login_states')
    .values({
      state_hash: row.stateHash,
      transaction_id: row.transactionId,
      flow: row.flow,
      created_at: row.now,
      expires_at: row.expiresAt,
      used_at: null,
    })
    .execute();

/** Marks a state used; undefined when it is unknown, and `used: true` when it was spent before. */
export async function spendState(db: Kysely<Database>, stateHash: string, now: Date) {
  const spent = await db
    .updateTable('login_states')
    .set({ used_at: now })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .returning(['transaction_id', 'flow', 'expires_at'])
    .executeTakeFirst();
  if (spent) return { ...spent, used: false };
  const known = await db
    .selectFrom('login_states')
    .select(['transaction_id', 'flow', 'expires_at'])
    .where('state_hash', '=', stateHash)
    .executeTakeFirst();
  return known ? { ...known, used: true } : undefined;
}

/** Ends a pending transaction: completed with a handoff code, or failed with an error code. */
export async function finishTransaction(
  db: Kysely<Database>,
  id: string,
  now: Date,
  outcome:
    | { status: 'completed'; userId: string; handoffHash: string; handoffExpiresAt: Date }
    | { status: 'failed'; errorCode: string },
): Promise<boolean> {
  const r = await db
    .updateTable('login_transactions')
    .set(
      outcome.status === 'completed'
        ? {
            status: 'completed',
            user_id: outcome.userId,
            handoff_hash: outcome.handoffHash,
            handoff_expires_at: outcome.handoffExpiresAt,
            finished_at: now,
          }
        : { status: 'failed', error_code: outcome.errorCode, finished_at: now },
    )
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const pruneTransactions = (db: Kysely<Database>, before: Date) =>
  db.deleteFrom('login_transactions').where('expires_at', '<', before).execute();
