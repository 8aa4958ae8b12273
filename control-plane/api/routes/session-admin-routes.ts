// Client sessions in the admin API: per tenant (filter by user), revoke one, revoke all of a
// user; the signing keys (platform admins).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../../shared/domain/errors/index.ts';
import { contextOf } from '../../auth/session-guard.ts';
import type { SessionListItem } from '../../storage/repositories/client-sessions.ts';
import type { SignInServices } from '../../signin/signin-services.ts';
import { decodeCursor, encodeCursor } from '../keyset-cursor.ts';
import { AUTHED_ERRORS, errors, noContent } from '../schemas/common.ts';
import {
  revokeUserBody,
  revokeUserResponse,
  sessionCursorKey,
  sessionListQuery,
  sessionPage,
  sessionParams,
  signingKeyList,
  tenantParams,
} from '../schemas/sessions.ts';

/** Numbered pages stop here; deeper lists page by cursor. */
const MAX_SESSION_OFFSET = 10_000;

const sessionView = (s: SessionListItem, now: Date) => ({
  id: s.id,
  user_id: s.user_id,
  user_name: s.user_name,
  user_email: s.user_email,
  source_id: s.source_id,
  source_name: s.source_name,
  device: { id: s.device_id, name: s.device_name, os: s.device_os, app_version: s.app_version },
  ip: s.ip,
  user_agent: s.user_agent,
  created_at: s.created_at.toISOString(),
  last_seen_at: s.last_seen_at.toISOString(),
  expires_at: s.expires_at.toISOString(),
  status: s.revoked_at
    ? ('revoked' as const)
    : s.expires_at <= now
      ? ('expired' as const)
      : ('active' as const),
  revoked_at: s.revoked_at?.toISOString() ?? null,
  revoked_reason: s.revoked_reason,
});

export const sessionAdminRoutes: FastifyPluginAsyncZod<{ signIn: SignInServices }> = async (
  app,
  { signIn },
) => {
  const tags = ['client sessions'];
  const errs = errors(...AUTHED_ERRORS);

  app.get(
    '/tenants/:tenantId/sessions',
    {
      schema: {
        tags,
        summary:
          'Client sessions of a tenant (device, IP, created, last seen), newest first; filter by user or status, search by user name/email or device name prefix; keyset pages by cursor',
        params: tenantParams,
        querystring: sessionListQuery,
        response: { 200: sessionPage, ...errs },
      },
    },
    async (req) => {
      const { page, page_size, user_id, status, q, cursor } = req.query;
      if (cursor !== undefined && page > 1) throw new AppError('PAGE_CURSOR_WITH_PAGE');
      const offset = (page - 1) * page_size;
      if (offset > MAX_SESSION_OFFSET)
        throw new AppError('PAGE_TOO_DEEP', { params: { max: MAX_SESSION_OFFSET } });
      const after = cursor === undefined ? undefined : decodeCursor(cursor, sessionCursorKey);
      const result = await signIn.admin.list(contextOf(req), req.params.tenantId, {
        ...(user_id ? { userId: user_id } : {}),
        status,
        ...(q ? { q } : {}),
        limit: page_size,
        ...(after ? { after: { createdAt: new Date(after[0]), id: after[1] } } : { offset }),
      });
      const now = signIn.clock.now();
      const last = result.items.at(-1);
      return {
        items: result.items.map((s) => sessionView(s, now)),
        total: result.total,
        total_exact: result.totalExact,
        page,
        page_size,
        next_cursor:
          result.hasMore && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
      };
    },
  );

  app.post(
    '/tenants/:tenantId/sessions/:sessionId/revoke',
    {
      schema: {
        tags,
        summary: 'Sign one session out (its client is told at once)',
        params: sessionParams,
        response: { 204: noContent, ...errs },
      },
    },
    async (req, reply) => {
      await signIn.admin.revokeOne(contextOf(req), req.params.tenantId, req.params.sessionId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/tenants/:tenantId/sessions/revoke-user',
    {
      schema: {
        tags,
        summary: 'Sign out every session of one directory user',
        params: tenantParams,
        body: revokeUserBody,
        response: { 200: revokeUserResponse, ...errs },
      },
    },
    async (req) => ({
      revoked: await signIn.admin.revokeUser(contextOf(req), req.params.tenantId, req.body.user_id),
    }),
  );

  app.get(
    '/signing-keys',
    {
      schema: {
        tags,
        summary: 'Access-token signing keys (platform admin)',
        response: { 200: signingKeyList, ...errs },
      },
    },
    async (req) => ({
      items: (await signIn.admin.listKeys(contextOf(req))).map((k) => ({
        kid: k.kid,
        status: k.status as 'active' | 'retired',
        created_at: k.created_at.toISOString(),
        publish_until: k.publish_until?.toISOString() ?? null,
      })),
    }),
  );

  app.post(
    '/signing-keys/rotate',
    {
      schema: {
        tags,
        summary: 'Retire the active signing key and make a new one (platform admin)',
        response: { 200: signingKeyList.shape.items.element.pick({ kid: true }), ...errs },
      },
    },
    async (req) => ({ kid: await signIn.admin.rotateKey(contextOf(req)) }),
  );
};
