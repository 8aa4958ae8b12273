// Route schemas of client sessions: the admin's view and the client's own.
import { z } from 'zod';
import { profileSchema } from '../../../shared/domain/auth/token.ts';
import { cursorParam, pageOf, pageQuery, timestamp, uuid } from './common.ts';

export const sessionSchema = z
  .object({
    id: uuid,
    user_id: uuid,
    user_name: z.string().nullable(),
    user_email: z.string().nullable(),
    source_id: uuid,
    source_name: z.string(),
    device: z.object({
      id: z.string(),
      name: z.string(),
      os: z.string(),
      app_version: z.string(),
    }),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    created_at: timestamp,
    last_seen_at: timestamp,
    expires_at: timestamp,
    status: z.enum(['active', 'revoked', 'expired']),
    revoked_at: timestamp.nullable(),
    revoked_reason: z.string().nullable(),
  })
  .meta({ id: 'ClientSession' });

export const sessionPage = pageOf(sessionSchema)
  .extend({
    next_cursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page' }),
    total_exact: z
      .boolean()
      .meta({ description: 'false: more than total sessions match (counting stops there)' }),
  })
  .meta({ id: 'ClientSessionPage' });

export const sessionListQuery = z
  .object({
    ...pageQuery,
    user_id: uuid.optional(),
    status: z.enum(['active', 'revoked', 'all']).default('active'),
    q: z.string().trim().min(1).max(100).optional(),
    cursor: cursorParam.optional(),
  })
  .strict();

/** A session cursor's content: the last row's created_at and id. */
export const sessionCursorKey = z.tuple([timestamp, uuid]);

export const tenantParams = z.object({ tenantId: uuid });
export const sessionParams = z.object({ tenantId: uuid, sessionId: uuid });
export const revokeUserBody = z.object({ user_id: uuid }).strict();
export const revokeUserResponse = z.object({ revoked: z.number().int() });

export const signingKeySchema = z.object({
  kid: z.string(),
  status: z.enum(['active', 'retired']),
  created_at: timestamp,
  publish_until: timestamp.nullable(),
});
export const signingKeyList = z.object({ items: z.array(signingKeySchema) });

export const currentSessionResponse = z
  .object({
    session_id: uuid,
    expires_at: timestamp,
    entitlement_version: z.number().int(),
    profile: profileSchema,
  })
  .meta({ id: 'CurrentSession' });
