// The two documents the control plane pushes to a client: the user's entitlements (what they may
// open, and which explicit denies apply to them) and the tenant's destination map (which
// addresses belong to some application, so the client's proxy knows what is private). Clients
// parse both with these schemas before using them.
import { z } from 'zod';
import { addressSchema, applicationSchema, entityIdSchema } from './schemas.ts';

export const decidedBySchema = z.object({
  policy_id: entityIdSchema,
  policy_name: z.string(),
  priority: z.int(),
});

export const entitledApplicationSchema = applicationSchema
  .pick({ id: true, name: true, icon: true, description: true, portal_url: true, tags: true })
  .extend({
    addresses: z.array(addressSchema),
    decided_by: decidedBySchema,
  });
export type EntitledApplication = z.output<typeof entitledApplicationSchema>;

export const explicitDenySchema = z.object({
  app_id: entityIdSchema,
  policy_id: entityIdSchema,
  policy_name: z.string(),
});
export type ExplicitDeny = z.output<typeof explicitDenySchema>;

export const entitlementsSchema = z.object({
  /** Changes whenever the policy set, the user's departments/attributes or the result change. */
  version: z.string().min(1).max(64),
  policy_set_version: z.string().min(1).max(64),
  user_id: z.string().min(1).max(128),
  /** The instant (ms) the document was computed for. */
  computed_at: z.number(),
  /**
   * When a time window on a policy that concerns this user opens or closes next (ms); after it
   * the document is stale and the client denies until a fresh one arrives. null: never.
   */
  valid_until: z.number().nullable(),
  applications: z.array(entitledApplicationSchema),
  /** Applications an explicit deny policy refuses to this user (for the "why" page). */
  denied: z.array(explicitDenySchema),
});
export type Entitlements = z.output<typeof entitlementsSchema>;

export const destinationMapSchema = z.object({
  version: z.string().min(1).max(64),
  applications: z.array(
    z.object({
      id: entityIdSchema,
      enabled: z.boolean(),
      addresses: z.array(addressSchema),
    }),
  ),
});
export type DestinationMap = z.output<typeof destinationMapSchema>;
