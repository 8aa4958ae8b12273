// Identity source request and answer shapes. Secrets go in as strings and come out only as
// {"set": true|false}. Cross-field rules (sync_user_info needs auto_sync, cron frequency, a
// consistent field mapping) are checked by the service against the merged settings.
import { z } from 'zod';
import {
  ACCOUNT_ATTRIBUTE_PATTERN,
  ACCOUNT_FIELDS,
  APP_ID_PATTERN,
  BRANDS,
  CONNECTIVITY_STATUSES,
  CUSTOM_ATTR_PATTERN,
  FEISHU_USER_FIELDS,
  MATCHABLE_ACCOUNT_FIELDS,
  SOURCE_NAME_PATTERN,
  SOURCE_STATUSES,
} from '../../../shared/domain/identity-source.ts';
import { pageOf, pageQuery, plainText, timestamp, uuid } from './common.ts';

const name = z
  .string()
  .transform((s) => s.normalize('NFC'))
  .pipe(
    z
      .string()
      .regex(
        SOURCE_NAME_PATTERN,
        'must be 2-100 characters: CJK or other letters, digits, "-" and "_"',
      ),
  );

const secret = (label: string) =>
  z
    .string()
    .min(1)
    .max(512)
    .regex(/^[\x21-\x7e]+$/, `${label} must be printable ASCII without spaces`);

export const scheduleSchema = z
  .discriminatedUnion('kind', [
    z
      .object({ kind: z.literal('interval'), interval_hours: z.number().int().min(1).max(24) })
      .strict(),
    z.object({ kind: z.literal('cron'), expression: z.string().min(9).max(100) }).strict(),
  ])
  .meta({
    id: 'SyncSchedule',
    description: 'Every 1-24 hours, or a 5-field cron in the tenant time zone',
  });

const departmentId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a department id');

export const scopeSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('all') }).strict(),
    z
      .object({
        kind: z.literal('departments'),
        department_ids: z.array(departmentId).min(1).max(500),
      })
      .strict(),
  ])
  .meta({
    id: 'SyncScope',
    description: 'Everyone, or the subtrees of the chosen departments (open_department_id)',
  });

const feishuField = z.union([z.enum(FEISHU_USER_FIELDS), z.string().regex(CUSTOM_ATTR_PATTERN)]);
const accountField = z.union([z.enum(ACCOUNT_FIELDS), z.string().regex(ACCOUNT_ATTRIBUTE_PATTERN)]);

export const fieldMappingSchema = z
  .object({
    attributes: z
      .array(z.object({ from: feishuField, to: accountField }).strict())
      .min(1)
      .max(100),
    matching: z
      .object({
        account_field: z.enum(MATCHABLE_ACCOUNT_FIELDS),
        feishu_field: z.enum(FEISHU_USER_FIELDS),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'FieldMapping' });

const threshold = z
  .object({ value: z.number().int().min(0).max(1_000_000), unit: z.enum(['count', 'percent']) })
  .strict()
  .refine((t) => t.unit === 'count' || t.value <= 100, 'a percentage must be from 0 to 100');

export const deletionThresholdsSchema = z
  .object({ users: threshold, departments: threshold })
  .strict()
  .meta({ id: 'DeletionThresholds' });

const settings = {
  name,
  description: plainText(0, 200),
  brand: z.enum(BRANDS),
  app_id: z.string().regex(APP_ID_PATTERN, 'must look like cli_xxxxxxxxxxxxxxxx'),
  auto_sync: z.boolean(),
  sync_user_info: z.boolean(),
  schedule: scheduleSchema,
  scope: scopeSchema,
  field_mapping: fieldMappingSchema,
  deletion_thresholds: deletionThresholdsSchema,
  qr_login: z.boolean(),
};

export const createSourceBody = z
  .object({
    ...settings,
    description: settings.description.optional(),
    brand: settings.brand.optional(),
    auto_sync: settings.auto_sync.optional(),
    sync_user_info: settings.sync_user_info.optional(),
    schedule: settings.schedule.optional(),
    scope: settings.scope.optional(),
    field_mapping: settings.field_mapping.optional(),
    deletion_thresholds: settings.deletion_thresholds.optional(),
    qr_login: settings.qr_login.optional(),
    app_secret: secret('app_secret'),
    encrypt_key: secret('encrypt_key').nullable().optional(),
    verification_token: secret('verification_token').nullable().optional(),
  })
  .strict();

export const updateSourceBody = z
  .object({
    name: settings.name.optional(),
    description: settings.description.optional(),
    brand: settings.brand.optional(),
    app_id: settings.app_id.optional(),
    auto_sync: settings.auto_sync.optional(),
    sync_user_info: settings.sync_user_info.optional(),
    schedule: settings.schedule.optional(),
    scope: settings.scope.optional(),
    field_mapping: settings.field_mapping.optional(),
    deletion_thresholds: settings.deletion_thresholds.optional(),
    qr_login: settings.qr_login.optional(),
    app_secret: secret('app_secret').optional(),
    encrypt_key: secret('encrypt_key')
      .nullable()
      .optional()
      .meta({ description: 'null clears it' }),
    verification_token: secret('verification_token')
      .nullable()
      .optional()
      .meta({ description: 'null clears it' }),
  })
  .strict();

export const closeSourceBody = z
  .object({
    confirm: z.boolean().meta({ description: 'Must be true: the source’s users lose access' }),
  })
  .strict();

const isSet = z.object({ set: z.boolean() }).strict();

export const sourceSchema = z
  .object({
    id: uuid,
    tenant_id: uuid,
    brand: z.enum(BRANDS),
    name: z.string(),
    description: z.string(),
    status: z.enum(SOURCE_STATUSES),
    app_id: z.string(),
    app_secret: isSet,
    encrypt_key: isSet,
    verification_token: isSet,
    event_request_url: z
      .string()
      .meta({ description: 'Paste into Events & Callbacks > Request URL' }),
    redirect_url: z.string().meta({ description: 'Add under Security Settings > Redirect URLs' }),
    auto_sync: z.boolean(),
    sync_user_info: z.boolean(),
    schedule: scheduleSchema,
    scope: scopeSchema,
    field_mapping: fieldMappingSchema,
    deletion_thresholds: deletionThresholdsSchema,
    qr_login: z.boolean(),
    connectivity: z.object({
      status: z.enum(CONNECTIVITY_STATUSES),
      checked_at: timestamp.nullable(),
    }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'IdentitySource' });

export const sourceParams = z.object({ tenantId: uuid, sourceId: uuid }).strict();

export const listSourcesQuery = z
  .object({ ...pageQuery, status: z.enum(SOURCE_STATUSES).optional() })
  .strict();

export const sourcePage = pageOf(sourceSchema);
