// The local proxy's recent denied decisions ("why can't I open this?"), asked for over
// 'proxy:recent-denied' and announced by 'proxy:denied'. The reason arrives worded in the
// effective language, like errors. (The proxy's own state is part of the snapshot: state.ts.)
import { z } from 'zod';

export const deniedDecisionViewSchema = z.object({
  /** http: a plain request; connect: a tunnel (HTTPS, WebSocket, ...). */
  via: z.enum(['http', 'connect']),
  host: z.string(),
  port: z.number().int(),
  /** The application the destination belongs to (name when known, else null). */
  app_id: z.string().nullable(),
  app_name: z.string().nullable(),
  policy_name: z.string().nullable(),
  reason_code: z.string(),
  /** The reason in the effective language. */
  reason: z.string(),
  /** An open connection was closed when the decision changed to deny. */
  closed_open_connection: z.boolean(),
  first_at: z.string(),
  last_at: z.string(),
  count: z.number().int().positive(),
});
export type DeniedDecisionView = z.infer<typeof deniedDecisionViewSchema>;
