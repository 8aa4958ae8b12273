// The token endpoint: redeem a handoff code (with the PKCE verifier and the transaction id) or
// rotate a refresh token (with the device id it is bound to).
import { z } from 'zod';
import { brandSchema } from './discovery.ts';
import { CODE_VERIFIER } from './pkce.ts';

export const handoffGrantSchema = z
  .object({
    grant_type: z.literal('handoff_code'),
    code: z.string().min(16).max(128),
    code_verifier: z.string().regex(CODE_VERIFIER, '43-128 unreserved characters'),
    transaction_id: z.uuid(),
  })
  .strict();

export const refreshGrantSchema = z
  .object({
    grant_type: z.literal('refresh_token'),
    refresh_token: z.string().min(16).max(256),
    device_id: z.string().min(8).max(128),
  })
  .strict();

export const tokenRequestSchema = z.discriminatedUnion('grant_type', [
  handoffGrantSchema,
  refreshGrantSchema,
]);

/** A department of the signed-in user, named from the synced directory. */
export const profileDepartmentSchema = z.object({
  /** open_department_id ("0": a direct member of the organisation's root). */
  id: z.string(),
  /** null when the synced directory does not hold it (yet): show the id. */
  name: z.string().nullable(),
  /** Names of the departments above it, the top-level one first (the root not included). */
  path: z.array(z.string()),
});
export type ProfileDepartment = z.infer<typeof profileDepartmentSchema>;

export const profileSchema = z.object({
  user_id: z.uuid(),
  open_id: z.string(),
  union_id: z.string(),
  name: z.string(),
  en_name: z.string().nullable(),
  email: z.string().nullable(),
  username: z.string().nullable(),
  department_ids: z.array(z.string()),
  /** department_ids with their names, in the same order (primary first), in the sign-in and
   *  GET /api/v1/session answers. Empty in a refresh answer (kept cheap) and from an older
   *  control plane: the client keeps the names it knows and shows an id it cannot name. */
  departments: z.array(profileDepartmentSchema).default([]),
  /** The Feishu/Lark avatar on its CDN (https). The client fetches it itself, with limits, and
   *  shows it as a data: URL: the renderer loads no remote content. */
  avatar_url: z.string().nullable().default(null),
  tenant: z.object({ id: z.uuid(), name: z.string() }),
  source: z.object({ id: z.uuid(), name: z.string(), brand: brandSchema }),
});

export const tokenResponseSchema = z.object({
  token_type: z.literal('Bearer'),
  access_token: z.string(),
  /** Seconds. */
  expires_in: z.number().int().positive(),
  refresh_token: z.string(),
  /** Seconds until the refresh token dies unused. */
  refresh_expires_in: z.number().int().positive(),
  session_id: z.uuid(),
  entitlement_version: z.number().int().nonnegative(),
  profile: profileSchema,
});

export type TokenRequest = z.infer<typeof tokenRequestSchema>;
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
export type Profile = z.infer<typeof profileSchema>;
