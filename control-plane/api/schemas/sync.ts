// Request and answer shapes of the connectivity test and of sync runs (sync now, list, detail,
// pending changes, approve, discard). Paths come in two spellings: under the tenant
// (/tenants/:tenantId/identity-sources/:sourceId/...) and short (/sources/:sourceId/...).
import { z } from 'zod';
import { pageOf, pageQuery, timestamp, uuid } from './common.ts';

const localized = z.object({ en: z.string(), 'zh-CN': z.string() });

export const nestedSourceParams = z.object({ tenantId: uuid, sourceId: uuid }).strict();
export const shortSourceParams = z.object({ sourceId: uuid }).strict();
export const nestedRunParams = nestedSourceParams.extend({ runId: uuid }).strict();
export const shortRunParams = shortSourceParams.extend({ runId: uuid }).strict();

const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'blocked', 'discarded'] as const;

export const holdReasonSchema = z.object({
  code: z.string(),
  approvable: z.boolean(),
  message: z.string(),
  messages: localized,
  fix: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const syncRunSchema = z
  .object({
    id: uuid,
    source_id: uuid,
    trigger: z.enum(['first', 'manual', 'schedule', 'event_reconcile', 'approval']),
    status: z.enum(RUN_STATUSES),
    phase: z.string().nullable().meta({ description: 'fetching or applying while running' }),
    requested_by: uuid.nullable(),
    counts: z.record(z.string(), z.record(z.string(), z.number())).meta({
      description:
        'departments {created, updated, deleted}, users {created, updated, disabled, deleted}',
    }),
    api_calls: z.number().int(),
    created_at: timestamp,
    started_at: timestamp.nullable(),
    finished_at: timestamp.nullable(),
    duration_ms: z.number().int().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    hold_reasons: z.array(holdReasonSchema),
    base_directory_version: z.number().int().nullable(),
    decided_by: uuid.nullable(),
    decided_at: timestamp.nullable(),
    approved_run_id: uuid.nullable(),
    superseded_by: uuid.nullable(),
  })
  .meta({ id: 'SyncRun' });

export const syncRunPage = pageOf(syncRunSchema);

export const runListQuery = z
  .object({ ...pageQuery, status: z.enum(RUN_STATUSES).optional() })
  .strict();

export const syncRunDetail = syncRunSchema
  .extend({
    pending: z
      .record(z.string(), z.record(z.string(), z.number()))
      .meta({ description: 'Counts of pending changes by entity and action (held runs)' }),
  })
  .meta({ id: 'SyncRunDetail' });

const ACTIONS = ['create', 'update', 'disable', 'delete'] as const;

export const changesQuery = z
  .object({
    ...pageQuery,
    entity: z.enum(['user', 'department']).optional(),
    action: z
      .string()
      .max(40)
      .optional()
      .transform((v) => (v ? v.split(',').map((s) => s.trim()) : undefined))
      .pipe(z.array(z.enum(ACTIONS)).optional())
      .meta({ description: 'Comma-separated: create, update, disable, delete' }),
  })
  .strict();

export const pendingChangeSchema = z.object({
  seq: z.number().int(),
  entity: z.enum(['user', 'department']),
  action: z.enum(ACTIONS),
  target_id: uuid.nullable(),
  open_id: z.string(),
  name: z.string(),
  reason: z.string().nullable(),
});

export const pendingChangePage = pageOf(pendingChangeSchema);

export const approveAnswer = z
  .object({
    run: syncRunSchema,
    applied: z.boolean().meta({
      description:
        'true: the stored change was applied; false: the directory had changed and next_run recomputes it',
    }),
    next_run: syncRunSchema.optional(),
  })
  .meta({ id: 'SyncApproval' });

const checkSchema = z.object({
  id: z.string(),
  status: z.enum(['passed', 'failed', 'warning', 'skipped']),
  title: localized,
  detail: localized.optional(),
  fix: localized.optional(),
  code: z.string().optional(),
});

const permissionSchema = z.object({
  scope: z.string(),
  required: z.boolean(),
  granted: z.boolean(),
  title: localized,
  need_for: localized,
});

export const connectivityAnswer = z
  .object({
    status: z.enum(['passed', 'failed']),
    checked_at: timestamp,
    credentials_version: z.number().int(),
    brand: z.enum(['feishu', 'lark']),
    host: z.string(),
    checks: z.array(checkSchema),
    permissions: z.array(permissionSchema),
    missing_permissions: z.array(permissionSchema.extend({ fix: localized })),
    contact_range: z.object({
      kind: z.enum(['all', 'partial', 'unknown']),
      departments: z.number().int(),
      users: z.number().int(),
    }),
    app: z.object({ name: z.string().nullable() }).nullable(),
    api_calls: z.number().int(),
  })
  .meta({ id: 'ConnectivityTest' });
