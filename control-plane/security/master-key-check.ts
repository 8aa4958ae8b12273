// Catches a wrong master key at start-up instead of at the first decryption: the first start
// stores a probe encrypted under the key; every later start must be able to decrypt it. This
// is what stops a second replica with its own generated key file from writing secrets the
// others cannot read.
import { sql, type Kysely } from 'kysely';
import { json, type Database } from '../storage/schema.ts';
import type { SecretBox } from './secret-box.ts';

const KEY = 'master_key_check';
const CONTEXT = 'deployment:master_key_check';
const PLAINTEXT = 'gatehouse master key check';

export class MasterKeyMismatchError extends Error {}

export async function verifyMasterKey(
  db: Kysely<Database>,
  box: SecretBox,
  now: Date,
): Promise<'stored' | 'verified'> {
  const inserted = await db
    .insertInto('deployment_settings')
    .values({
      key: KEY,
      value: json({ key_id: box.keyId, probe: box.encrypt(PLAINTEXT, CONTEXT) }),
      updated_at: now,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning(sql<number>`1`.as('one'))
    .executeTakeFirst();
  if (inserted) return 'stored';
  const row = await db
    .selectFrom('deployment_settings')
    .select('value')
    .where('key', '=', KEY)
    .executeTakeFirstOrThrow();
  const stored = row.value as { key_id?: string; probe?: string };
  try {
    if (stored.probe && box.decrypt(stored.probe, CONTEXT) === PLAINTEXT) return 'verified';
  } catch {
    // fall through to the explanation below
  }
  throw new MasterKeyMismatchError(
    `the master key (id ${box.keyId}) is not the one this database was set up with (id ${stored.key_id ?? 'unknown'}); ` +
      'set GATEHOUSE_MASTER_KEY to the original key (every replica needs the same one)',
  );
}
