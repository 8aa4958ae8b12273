// The signed-in client's entitlements: what it may open (with addresses and the deciding
// policy), the explicit denies, and (alongside, as `destinations`) the tenant's destination
// map for its proxy; the body parses as the shared entitlementsSchema. Behind the
// access guard (valid token, live session); computed from the directory as it is now.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../../shared/domain/errors/index.ts';
import { platformOf } from '../../policy/platform-of.ts';
import type { EntitlementsService } from '../../policy/entitlements-service.ts';
import { clientOf, requireClient } from '../../sessions/access-guard.ts';
import type { SignInServices } from '../../signin/signin-services.ts';
import { entitlementVersionOf } from '../../storage/repositories/client-sessions.ts';
import type { Database } from '../../storage/schema.ts';
import type { Kysely } from 'kysely';
import { errors } from '../schemas/common.ts';
import { clientEntitlementsResponse } from '../schemas/policies.ts';

export const entitlementRoutes: FastifyPluginAsyncZod<{
  db: Kysely<Database>;
  signIn: SignInServices;
  entitlements: EntitlementsService;
}> = async (app, { db, signIn, entitlements }) => {
  app.addHook('onRequest', requireClient(signIn.issuer, signIn.sessions));

  app.get(
    '/api/v1/session/entitlements',
    {
      schema: {
        tags: ['client session'],
        security: [{ accessToken: [] }],
        summary: "The user's entitlements and the tenant's destination map",
        response: { 200: clientEntitlementsResponse, ...errors(401, 429) },
      },
    },
    async (req, reply) => {
      const { session } = clientOf(req);
      const device = await db
        .selectFrom('client_sessions')
        .select('device_os')
        .where('id', '=', session.id)
        .executeTakeFirst();
      // Read before computing: a change landing in between makes the client ask again.
      const version = await entitlementVersionOf(db, session.user_id);
      const out = await entitlements.forUser(
        session.tenant_id,
        session.user_id,
        platformOf(device?.device_os),
      );
      if (!out) throw new AppError('SESSION_USER_DISABLED');
      void reply.header('cache-control', 'no-store');
      return { ...out.entitlements, entitlement_version: version, destinations: out.destinations };
    },
  );
};
