// A tenant and an identity source written straight into the database, for tests of the sync
// machinery that need no admin API (the API tests go through the routes instead).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { encryptSourceSecret } from '../../../../control-plane/identity-sources/source-secrets.ts';
import { SecretBox } from '../../../../control-plane/security/secret-box.ts';
import {
  json,
  type Database,
  type IdentitySourceRow,
  type NewIdentitySource,
} from '../../../../control-plane/storage/schema.ts';
import {
  DEFAULT_DELETION_THRESHOLDS,
  DEFAULT_FIELD_MAPPING,
  DEFAULT_SCHEDULE,
  type Brand,
} from '../../../../shared/domain/identity-source.ts';

export interface SourceRowOptions {
  brand?: Brand;
  appId?: string;
  appSecret?: string;
  connectivity?: 'untested' | 'passed' | 'failed';
  overrides?: Partial<NewIdentitySource>;
}

export async function insertSource(
  db: Kysely<Database>,
  box: SecretBox = new SecretBox(randomBytes(32)),
  options: SourceRowOptions = {},
): Promise<{ tenantId: string; source: IdentitySourceRow; box: SecretBox }> {
  const now = new Date();
  const tenantId = randomUUID();
  await db
    .insertInto('tenants')
    .values({
      id: tenantId,
      name: `t-${tenantId}`,
      status: 'active',
      time_zone: 'Asia/Shanghai',
      verification_id: `v${randomBytes(8).toString('hex')}`,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const id = randomUUID();
  const connectivity = options.connectivity ?? 'passed';
  const source = await db
    .insertInto('identity_sources')
    .values({
      id,
      tenant_id: tenantId,
      brand: options.brand ?? 'feishu',
      name: `src-${id.slice(0, 8)}`,
      description: '',
      status: 'enabled',
      app_id: options.appId ?? `cli_${randomBytes(8).toString('hex')}`,
      app_secret_enc: encryptSourceSecret(box, id, 'app_secret', options.appSecret ?? 'secret'),
      encrypt_key_enc: null,
      verification_token_enc: null,
      auto_sync: true,
      sync_user_info: true,
      schedule: json(DEFAULT_SCHEDULE),
      scope: json({ kind: 'all' }),
      field_mapping: json(DEFAULT_FIELD_MAPPING),
      deletion_thresholds: json(DEFAULT_DELETION_THRESHOLDS),
      qr_login: true,
      connectivity_status: connectivity,
      connectivity_checked_at: connectivity === 'untested' ? null : now,
      connectivity_report:
        connectivity === 'untested' ? null : json({ checked_credentials_version: 1 }),
      next_sync_at: null,
      created_at: now,
      updated_at: now,
      ...options.overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { tenantId, source, box };
}
