// Discovery: what the client learns from an enterprise verification ID before sign-in.
import { z } from 'zod';

export const brandSchema = z.enum(['feishu', 'lark']);

export const discoveryQuerySchema = z.object({
  /** The enterprise verification ID as typed (normalized by the server). */
  enterprise_id: z.string().min(1).max(64),
});

export const discoverySourceSchema = z.object({
  id: z.uuid(),
  brand: brandSchema,
  name: z.string(),
  /** The login title the admin wrote for this source. */
  description: z.string(),
  qr_login: z.boolean(),
});

export const discoveryResponseSchema = z.object({
  tenant: z.object({ name: z.string() }),
  /** Enabled sources only, never empty (none enabled is the SIGNIN_NO_SOURCE_ENABLED error). */
  sources: z.array(discoverySourceSchema).min(1),
});

export type DiscoverySource = z.infer<typeof discoverySourceSchema>;
export type DiscoveryResponse = z.infer<typeof discoveryResponseSchema>;
