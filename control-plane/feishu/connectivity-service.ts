// Runs the connectivity test of a source with its stored credentials and keeps the result on
// the source, tied to the credentials it was made with (credentials_version and a keyed
// fingerprint of brand, App ID and App Secret): a later change of
// brand, App ID or App Secret resets it (source-service.ts), and a result for credentials that
// changed while the test ran is not stored. Audited with the outcome, never a secret.
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { adminActor, writeAudit } from '../audit/audit-writer.ts';
import { scopeOf, type RequestContext } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { decryptSourceSecrets } from '../identity-sources/source-secrets.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { getSource, getSourceById } from '../storage/repositories/identity-sources.ts';
import { json, type Database, type IdentitySourceRow } from '../storage/schema.ts';
import { runConnectivityTest, type ConnectivityResult } from './connectivity-test.ts';
import { credentialsFingerprint } from './credentials-fingerprint.ts';
import type { FeishuClientOptions } from './feishu-client.ts';
import type { BaseUrls } from './hosts.ts';

export interface ConnectivityServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  secretBox: SecretBox;
  baseUrls?: BaseUrls;
  client?: Partial<Omit<FeishuClientOptions, 'brand' | 'appId' | 'appSecret' | 'baseUrls'>>;
}

export interface StoredConnectivity {
  source: IdentitySourceRow;
  checkedAt: Date;
  result: ConnectivityResult;
}

export function createConnectivityService(deps: ConnectivityServiceDeps) {
  const { db, clock } = deps;
  return {
    async test(
      ctx: RequestContext,
      tenantId: string | undefined,
      sourceId: string,
    ): Promise<StoredConnectivity> {
      const tid = tenantId ?? (await getSourceById(db, sourceId))?.tenant_id;
      const source = tid ? await getSource(db, scopeOf(ctx.actor), tid, sourceId) : undefined;
      if (!source) throw new AppError('SOURCE_NOT_FOUND');
      const { appSecret } = decryptSourceSecrets(deps.secretBox, source);
      const result = await runConnectivityTest({
        brand: source.brand,
        appId: source.app_id,
        appSecret,
        scope: source.scope,
        fieldMapping: source.field_mapping,
        client: { timeoutMs: 15_000, maxAttempts: 3, ...deps.client, baseUrls: deps.baseUrls },
      });
      const checkedAt = clock.now();
      return db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('identity_sources')
          .set({
            connectivity_status: result.status,
            connectivity_checked_at: checkedAt,
            connectivity_report: json({
              checked_credentials_version: source.credentials_version,
              credentials_fingerprint: credentialsFingerprint(deps.secretBox, {
                brand: source.brand,
                appId: source.app_id,
                appSecret,
              }),
              ...result,
            }),
          })
          .where('id', '=', source.id)
          .where('credentials_version', '=', source.credentials_version)
          .returningAll()
          .executeTakeFirst();
        // The credentials changed while the test ran: its result says nothing about the new ones.
        if (!updated) throw new AppError('RESOURCE_CONFLICT');
        await writeAudit(trx, clock, adminActor(ctx), {
          action: 'identity_source.connectivity_test',
          targetType: 'identity_source',
          targetId: source.id,
          tenantId: source.tenant_id,
          after: {
            status: result.status,
            brand: result.brand,
            failed_checks: result.checks.filter((c) => c.status === 'failed').map((c) => c.id),
            missing_permissions: result.missing_permissions.map((p) => p.scope),
            api_calls: result.api_calls,
          },
        });
        return { source: updated, checkedAt, result };
      });
    },
  };
}

export type ConnectivityService = ReturnType<typeof createConnectivityService>;
