// Identity source administration within a tenant: create, read, update, enable, close (with an
// explicit confirmation, since its users lose access), delete (only once closed). Every change
// is one transaction with its audit entry. Changing a credential (brand, App ID, App Secret)
// resets the connectivity status: a source syncs only after a test with its current credentials.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import {
  DEFAULT_DELETION_THRESHOLDS,
  DEFAULT_FIELD_MAPPING,
  DEFAULT_SCHEDULE,
  fieldMappingProblems,
  type Brand,
  type DeletionThresholds,
  type FieldMapping,
  type SyncSchedule,
  type SyncScope,
} from '../../shared/domain/identity-source.ts';
import { adminActor, writeAudit } from '../audit/audit-writer.ts';
import { scopeOf, type RequestContext } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { uniqueViolation } from '../storage/db-errors.ts';
import * as repo from '../storage/repositories/identity-sources.ts';
import { getTenant } from '../storage/repositories/tenants.ts';
import {
  json,
  type Database,
  type IdentitySourceRow,
  type IdentitySourceUpdate,
  type TenantRow,
} from '../storage/schema.ts';
import { nextRunAt, scheduleProblem } from './schedule.ts';
import { decryptSourceSecrets, encryptSourceSecret } from './source-secrets.ts';
import { sourceAuditSnapshot } from './source-view.ts';

export interface SourceSettings {
  name: string;
  description: string;
  brand: Brand;
  app_id: string;
  auto_sync: boolean;
  sync_user_info: boolean;
  schedule: SyncSchedule;
  scope: SyncScope;
  field_mapping: FieldMapping;
  deletion_thresholds: DeletionThresholds;
  qr_login: boolean;
}

export type NewSource = Partial<SourceSettings> &
  Pick<SourceSettings, 'name' | 'app_id'> & {
    app_secret: string;
    encrypt_key?: string | null;
    verification_token?: string | null;
  };

export type SourcePatch = Partial<SourceSettings> & {
  app_secret?: string;
  encrypt_key?: string | null;
  verification_token?: string | null;
};

export interface SourceServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  secretBox: SecretBox;
}

function rethrowConflict(err: unknown): never {
  const constraint = uniqueViolation(err);
  if (constraint === 'identity_sources_name')
    throw new AppError('SOURCE_NAME_TAKEN', { cause: err });
  if (constraint === 'identity_sources_app')
    throw new AppError('SOURCE_APP_ID_TAKEN', { cause: err });
  throw err;
}

function assertSettingsValid(s: SourceSettings, tenant: TenantRow, now: Date): void {
  if (s.sync_user_info && !s.auto_sync) throw new AppError('SOURCE_SYNC_USER_INFO_NEEDS_AUTO_SYNC');
  const scheduleReason = scheduleProblem(s.schedule, tenant.time_zone, now);
  if (scheduleReason)
    throw new AppError('SOURCE_SCHEDULE_INVALID', { params: { reason: scheduleReason } });
  const mappingProblems = fieldMappingProblems(s.field_mapping);
  if (mappingProblems.length) {
    throw new AppError('SOURCE_FIELD_MAPPING_INVALID', {
      params: { reason: mappingProblems.join('; ') },
      details: { problems: mappingProblems },
    });
  }
}

const settingsOf = (row: IdentitySourceRow): SourceSettings => ({
  name: row.name,
  description: row.description,
  brand: row.brand,
  app_id: row.app_id,
  auto_sync: row.auto_sync,
  sync_user_info: row.sync_user_info,
  schedule: row.schedule,
  scope: row.scope,
  field_mapping: row.field_mapping,
  deletion_thresholds: row.deletion_thresholds,
  qr_login: row.qr_login,
});

const dueAt = (
  s: SourceSettings,
  status: IdentitySourceRow['status'],
  tenant: TenantRow,
  now: Date,
): Date | null =>
  status === 'enabled' && s.auto_sync
    ? (nextRunAt(s.schedule, tenant.time_zone, now) ?? null)
    : null;

export function createSourceService({ db, clock, secretBox }: SourceServiceDeps) {
  async function mustGetTenant(
    trx: Kysely<Database>,
    ctx: RequestContext,
    tenantId: string,
  ): Promise<TenantRow> {
    const tenant = await getTenant(trx, scopeOf(ctx.actor), tenantId);
    if (!tenant) throw new AppError('TENANT_NOT_FOUND');
    return tenant;
  }

  async function mustGet(trx: Kysely<Database>, ctx: RequestContext, tenantId: string, id: string) {
    const row = await repo.getSource(trx, scopeOf(ctx.actor), tenantId, id);
    if (!row) throw new AppError('SOURCE_NOT_FOUND');
    return row;
  }

  async function change(
    ctx: RequestContext,
    tenantId: string,
    id: string,
    action: string,
    build: (before: IdentitySourceRow, tenant: TenantRow, now: Date) => IdentitySourceUpdate,
  ): Promise<IdentitySourceRow> {
    try {
      return await db.transaction().execute(async (trx) => {
        const tenant = await mustGetTenant(trx, ctx, tenantId);
        const before = await mustGet(trx, ctx, tenantId, id);
        const now = clock.now();
        const after = await repo.updateSource(trx, scopeOf(ctx.actor), tenantId, id, {
          ...build(before, tenant, now),
          updated_at: now,
        });
        if (!after) throw new AppError('SOURCE_NOT_FOUND');
        await writeAudit(trx, clock, adminActor(ctx), {
          action,
          targetType: 'identity_source',
          targetId: id,
          tenantId,
          before: sourceAuditSnapshot(before),
          after: sourceAuditSnapshot(after),
        });
        return after;
      });
    } catch (err) {
      rethrowConflict(err);
    }
  }

  return {
    async list(ctx: RequestContext, tenantId: string, query: repo.SourceListQuery) {
      await mustGetTenant(db, ctx, tenantId);
      return repo.listSources(db, scopeOf(ctx.actor), tenantId, query);
    },

    get: (ctx: RequestContext, tenantId: string, id: string) => mustGet(db, ctx, tenantId, id),

    async create(
      ctx: RequestContext,
      tenantId: string,
      input: NewSource,
    ): Promise<IdentitySourceRow> {
      const id = randomUUID();
      const settings: SourceSettings = {
        name: input.name,
        description: input.description ?? '',
        brand: input.brand ?? 'feishu',
        app_id: input.app_id,
        auto_sync: input.auto_sync ?? true,
        sync_user_info: input.sync_user_info ?? input.auto_sync ?? true,
        schedule: input.schedule ?? DEFAULT_SCHEDULE,
        scope: input.scope ?? { kind: 'all' },
        field_mapping: input.field_mapping ?? DEFAULT_FIELD_MAPPING,
        deletion_thresholds: input.deletion_thresholds ?? DEFAULT_DELETION_THRESHOLDS,
        qr_login: input.qr_login ?? true,
      };
      const enc = (field: 'encrypt_key' | 'verification_token') => {
        const v = input[field];
        return v ? encryptSourceSecret(secretBox, id, field, v) : null;
      };
      try {
        return await db.transaction().execute(async (trx) => {
          const tenant = await mustGetTenant(trx, ctx, tenantId);
          const now = clock.now();
          assertSettingsValid(settings, tenant, now);
          const row = await repo.insertSource(trx, {
            id,
            tenant_id: tenantId,
            brand: settings.brand,
            name: settings.name,
            description: settings.description,
            status: 'enabled',
            app_id: settings.app_id,
            app_secret_enc: encryptSourceSecret(secretBox, id, 'app_secret', input.app_secret),
            encrypt_key_enc: enc('encrypt_key'),
            verification_token_enc: enc('verification_token'),
            auto_sync: settings.auto_sync,
            sync_user_info: settings.sync_user_info,
            schedule: json(settings.schedule),
            scope: json(settings.scope),
            field_mapping: json(settings.field_mapping),
            deletion_thresholds: json(settings.deletion_thresholds),
            qr_login: settings.qr_login,
            connectivity_status: 'untested',
            connectivity_checked_at: null,
            connectivity_report: null,
            next_sync_at: dueAt(settings, 'enabled', tenant, now),
            created_at: now,
            updated_at: now,
          });
          await writeAudit(trx, clock, adminActor(ctx), {
            action: 'identity_source.create',
            targetType: 'identity_source',
            targetId: id,
            tenantId,
            after: sourceAuditSnapshot(row),
          });
          return row;
        });
      } catch (err) {
        rethrowConflict(err);
      }
    },

    update(
      ctx: RequestContext,
      tenantId: string,
      id: string,
      patch: SourcePatch,
    ): Promise<IdentitySourceRow> {
      return change(ctx, tenantId, id, 'identity_source.update', (before, tenant, now) => {
        const merged: SourceSettings = { ...settingsOf(before), ...definedOnly(patch) };
        // Turning auto sync off turns "sync user information" off with it unless said otherwise.
        if (patch.auto_sync === false && patch.sync_user_info === undefined)
          merged.sync_user_info = false;
        assertSettingsValid(merged, tenant, now);
        const current = decryptSourceSecrets(secretBox, before);
        const secretChanged =
          patch.app_secret !== undefined && patch.app_secret !== current.appSecret;
        const credentialsChanged =
          secretChanged || merged.app_id !== before.app_id || merged.brand !== before.brand;
        const update: IdentitySourceUpdate = {
          name: merged.name,
          description: merged.description,
          brand: merged.brand,
          app_id: merged.app_id,
          auto_sync: merged.auto_sync,
          sync_user_info: merged.sync_user_info,
          schedule: json(merged.schedule),
          scope: json(merged.scope),
          field_mapping: json(merged.field_mapping),
          deletion_thresholds: json(merged.deletion_thresholds),
          qr_login: merged.qr_login,
          next_sync_at: dueAt(merged, before.status, tenant, now),
        };
        if (secretChanged)
          update.app_secret_enc = encryptSourceSecret(
            secretBox,
            id,
            'app_secret',
            patch.app_secret!,
          );
        for (const field of ['encrypt_key', 'verification_token'] as const) {
          const v = patch[field];
          if (v === undefined) continue;
          update[`${field}_enc`] =
            v === null || v === '' ? null : encryptSourceSecret(secretBox, id, field, v);
        }
        if (credentialsChanged) {
          update.credentials_version = before.credentials_version + 1;
          update.connectivity_status = 'untested';
          update.connectivity_checked_at = null;
          update.connectivity_report = null;
        }
        return update;
      });
    },

    enable(ctx: RequestContext, tenantId: string, id: string): Promise<IdentitySourceRow> {
      return change(ctx, tenantId, id, 'identity_source.enable', (before, tenant, now) => ({
        status: 'enabled',
        next_sync_at: dueAt(settingsOf(before), 'enabled', tenant, now),
      }));
    },

    close(
      ctx: RequestContext,
      tenantId: string,
      id: string,
      confirmed: boolean,
    ): Promise<IdentitySourceRow> {
      return change(ctx, tenantId, id, 'identity_source.close', () => {
        if (!confirmed) throw new AppError('SOURCE_CLOSE_NOT_CONFIRMED');
        return { status: 'closed', next_sync_at: null };
      });
    },

    async remove(ctx: RequestContext, tenantId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await mustGetTenant(trx, ctx, tenantId);
        const before = await mustGet(trx, ctx, tenantId, id);
        if (before.status !== 'closed') throw new AppError('SOURCE_DELETE_NOT_CLOSED');
        await repo.deleteSource(trx, scopeOf(ctx.actor), tenantId, id);
        await writeAudit(trx, clock, adminActor(ctx), {
          action: 'identity_source.delete',
          targetType: 'identity_source',
          targetId: id,
          tenantId,
          before: sourceAuditSnapshot(before),
        });
      });
    },
  };
}

function definedOnly<T extends object>(patch: T): Partial<SourceSettings> {
  const keys: (keyof SourceSettings)[] = [
    'name',
    'description',
    'brand',
    'app_id',
    'auto_sync',
    'sync_user_info',
    'schedule',
    'scope',
    'field_mapping',
    'deletion_thresholds',
    'qr_login',
  ];
  const out: Partial<SourceSettings> = {};
  for (const k of keys) {
    const v = (patch as Partial<SourceSettings>)[k];
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export type SourceService = ReturnType<typeof createSourceService>;
