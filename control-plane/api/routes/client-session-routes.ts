// The signed-in client's own API: its session and profile, sign-out, and the push stream.
// Every route but the stream runs the access guard (valid token, live session). The stream
// only needs a valid token: a revoked session still gets its session-revoked event, once.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clientOf, bearerTokenOf, requireClient } from '../../sessions/access-guard.ts';
import type { SignInServices } from '../../signin/signin-services.ts';
import { AppError } from '../../../shared/domain/errors/index.ts';
import type { StreamHub } from '../../stream/stream-hub.ts';
import { errors, noContent } from '../schemas/common.ts';
import { currentSessionResponse } from '../schemas/sessions.ts';
import { z } from 'zod';

const lastEventId = (header: string | string[] | undefined): number | undefined => {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v || !/^\d{1,15}$/.test(v)) return undefined;
  return Number(v);
};

export const clientSessionRoutes: FastifyPluginAsyncZod<{
  signIn: SignInServices;
  hub: StreamHub;
}> = async (app, { signIn, hub }) => {
  const tags = ['client session'];
  const security = [{ accessToken: [] }];

  await app.register(async (guarded) => {
    guarded.addHook('onRequest', requireClient(signIn.issuer, signIn.sessions));

    guarded.get(
      '/api/v1/session',
      {
        schema: {
          tags,
          security,
          summary: 'The current session and profile',
          response: { 200: currentSessionResponse, ...errors(401, 429) },
        },
      },
      async (req) => {
        const { claims, session } = clientOf(req);
        // Live departments, not the token's: a client asks again after entitlements-changed
        // (a department move) and must see where the person is now.
        const profile = await signIn.profile(session.user_id);
        if (!profile) throw new AppError('SESSION_USER_DISABLED');
        return {
          session_id: session.id,
          expires_at: session.expires_at.toISOString(),
          entitlement_version: claims.ev,
          profile,
        };
      },
    );

    guarded.post(
      '/api/v1/session/logout',
      {
        schema: {
          tags,
          security,
          summary: 'Sign out: ends this session everywhere',
          response: { 204: noContent, ...errors(401, 429) },
        },
      },
      async (req, reply) => {
        await signIn.sessions.logout(clientOf(req).session.id);
        return reply.status(204).send(null);
      },
    );
  });

  app.get(
    '/api/v1/session/stream',
    {
      schema: {
        tags,
        security,
        summary:
          'Push stream (text/event-stream): session-revoked, entitlements-changed, source-closed; heartbeats; a Last-Event-ID header resumes after that event',
        response: { 200: z.string(), ...errors(401) },
      },
    },
    async (req, reply) => {
      const claims = await signIn.issuer.verify(bearerTokenOf(req));
      reply.hijack();
      await hub.open(reply.raw, claims.sid, lastEventId(req.headers['last-event-id']));
    },
  );
};
