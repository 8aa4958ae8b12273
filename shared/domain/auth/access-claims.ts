// The claims of a Gatehouse access token (a JWT signed by the control plane, EdDSA). Gateways
// may verify it offline with the JWKS, but only the control plane knows whether the session is
// still live: decisions that matter ask it.
import { z } from 'zod';

export const ACCESS_TOKEN_AUDIENCE = 'gatehouse-client';

export const accessClaimsSchema = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  /** The directory user id. */
  sub: z.uuid(),
  sid: z.uuid(),
  tenant: z.uuid(),
  source: z.uuid(),
  /** open_department_ids of the user's departments ("0" for the root). */
  dept: z.array(z.string()),
  /** Entitlement version: changes when the user's departments or attributes change. */
  ev: z.number().int().nonnegative(),
  jti: z.string(),
  iat: z.number().int(),
  exp: z.number().int(),
});

export type AccessClaims = z.infer<typeof accessClaimsSchema>;
