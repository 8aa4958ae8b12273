// Housekeeping of sign-in and session rows: finished login transactions (with their states),
// spent or expired refresh tokens, old session events, and sessions long revoked or expired.
// Idempotent, so every replica may run it; the audit log keeps the history.
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { pruneSessionEvents } from '../storage/repositories/session-events.ts';
import { pruneTransactions } from '../storage/repositories/login-transactions.ts';
import type { Database } from '../storage/schema.ts';
import '../storage/session-tables.ts';

const DAY_MS = 86_400_000;

export async function pruneSignInRows(db: Kysely<Database>, clock: Clock): Promise<void> {
  const now = clock.now().getTime();
  await pruneTransactions(db, new Date(now - DAY_MS));
  await db
    .deleteFrom('refresh_tokens')
    .where('expires_at', '<', new Date(now - DAY_MS))
    .execute();
  await pruneSessionEvents(db, new Date(now - 7 * DAY_MS));
  await db
    .deleteFrom('client_sessions')
    .where((eb) =>
      eb.or([
        eb('revoked_at', '<', new Date(now - 30 * DAY_MS)),
        eb('expires_at', '<', new Date(now - 30 * DAY_MS)),
      ]),
    )
    .execute();
}
