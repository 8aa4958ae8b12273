// Route schemas of applications, access policies, the what-if call and client entitlements.
// Bodies are the shared model's schemas (shared/domain/policy) without the id, which the
// control plane assigns; responses reuse them so OpenAPI shows the one model.
import { z } from 'zod';
import {
  applicationSchema,
  destinationMapSchema,
  entitlementsSchema,
  entityIdSchema,
  MAX_PRIORITY,
  PLATFORMS,
  policySchema,
  POLICY_OUTCOMES,
  REASON_CODES,
} from '../../../shared/domain/policy/index.ts';
import { timestamp, uuid } from './common.ts';

export const tenantParams = z.object({ tenantId: uuid });
export const applicationParams = z.object({ tenantId: uuid, applicationId: entityIdSchema });
export const policyParams = z.object({ tenantId: uuid, policyId: entityIdSchema });

export const applicationBody = applicationSchema.omit({ id: true }).strict();
export const policyBody = policySchema.omit({ id: true }).strict();

const side = z.object({
  app_id: z.string(),
  address: z.number().int(),
  host: z.string(),
  ports: z.string(),
  protocol: z.string(),
});
export const warningsSchema = z
  .object({
    overlaps: z.array(
      z.object({ kind: z.enum(['same_host', 'nested']), outer: side, inner: side }),
    ),
    compile: z.array(
      z.object({
        code: z.string(),
        policy_id: z.string().optional(),
        ref: z.string().optional(),
      }),
    ),
  })
  .meta({
    description:
      'Overlapping application addresses (ties fail closed) and what the compiler noticed (unknown tags, departments gone from the directory)',
  });

export const applicationOut = applicationSchema;
export const policyOut = policySchema;

export const applicationResponse = z.object({
  application: applicationOut,
  warnings: warningsSchema,
});
export const applicationList = z.object({
  items: z.array(applicationOut),
  warnings: warningsSchema,
});
export const policyResponse = z.object({ policy: policyOut, warnings: warningsSchema });
export const policyList = z.object({ items: z.array(policyOut), warnings: warningsSchema });

export const reorderBody = z.strictObject({
  items: z
    .array(z.object({ id: entityIdSchema, priority: z.int().min(0).max(MAX_PRIORITY) }))
    .min(1)
    .max(10_000),
});
export const reorderResponse = z.object({ items: z.array(policyOut) });

export const whatIfBody = z.strictObject({
  user_id: uuid,
  application_id: entityIdSchema,
  platform: z.enum(PLATFORMS).optional(),
  at: timestamp.optional(),
});

const localized = z.object({ en: z.string(), 'zh-CN': z.string() });

export const whatIfResponse = z.object({
  decision: z.enum(['allow', 'deny']),
  reason: z.enum(REASON_CODES),
  reason_text: localized,
  policy: z.object({ id: z.string(), name: z.string(), priority: z.number().int() }).nullable(),
  at: timestamp,
  user: z.object({ id: uuid, name: z.string(), department_ids: z.array(z.string()) }),
  steps: z.array(
    z.object({
      policy_id: z.string(),
      policy_name: z.string(),
      priority: z.number().int(),
      action: z.enum(['allow', 'deny']),
      outcome: z.enum(POLICY_OUTCOMES),
      attribute_rule: z.object({ index: z.number().int(), key: z.string() }).optional(),
    }),
  ),
  disabled_policy_ids: z.array(z.string()),
});

/**
 * The user's entitlements document itself (what clients parse with entitlementsSchema), with the
 * tenant's destination map and the entitlement version counter alongside.
 */
export const clientEntitlementsResponse = entitlementsSchema.extend({
  /** The counter the push stream's entitlements-changed events carry. */
  entitlement_version: z.number().int().nonnegative(),
  destinations: destinationMapSchema,
});

export const userEntitlementsParams = z.object({ tenantId: uuid, userId: uuid }).strict();

export const userEntitlementsResponse = z
  .object({
    user_status: z.enum(['active', 'disabled', 'deleted']),
    entitlements: entitlementsSchema
      .nullable()
      .meta({ description: 'null: the user is not active and may open nothing' }),
  })
  .meta({ id: 'UserEntitlements' });

/** The console's list search: applications by name, id, tag or address; policies by name or id
 * (case-insensitive substring; a tenant's policy set is read whole for the priority order). */
export const listSearchQuery = z
  .object({ q: z.string().trim().min(1).max(100).optional() })
  .strict();
