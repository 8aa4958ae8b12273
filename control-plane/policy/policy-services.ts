// The access-policy services wired together: the compile cache, entitlements (announcing
// through the sessions module), the admin service, gateway keys and gateway decisions.
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { createGatewayDecider } from '../gateway/gateway-decision.ts';
import { createGatewayKeys } from '../gateway/gateway-keys.ts';
import type { AccessTokenIssuer } from '../sessions/access-token.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { Database } from '../storage/schema.ts';
import { createCompileCache } from './compile-cache.ts';
import { createEntitlementAnnouncer, type PublishSessions } from './announce-entitlements.ts';
import { createEntitlementsService, type EntitlementsLogger } from './entitlements-service.ts';
import { createPolicyAdmin } from './policy-admin.ts';

export function createPolicyServices(deps: {
  db: Kysely<Database>;
  clock: Clock;
  issuer: AccessTokenIssuer;
  sessions: Pick<SessionService, 'requireLive'>;
  /** The session bus: tells open push streams (on every replica) to read their new events. */
  publish: PublishSessions;
  logger?: EntitlementsLogger;
}) {
  const { db, clock } = deps;
  const cache = createCompileCache({ db });
  const entitlements = createEntitlementsService({
    db,
    clock,
    cache,
    announce: createEntitlementAnnouncer({ db, clock, publish: deps.publish }),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  return {
    cache,
    entitlements,
    admin: createPolicyAdmin({ db, clock, cache, entitlements }),
    gatewayKeys: createGatewayKeys({ db, clock }),
    decide: createGatewayDecider({
      db,
      clock,
      cache,
      issuer: deps.issuer,
      sessions: deps.sessions,
    }),
  };
}

export type PolicyServices = ReturnType<typeof createPolicyServices>;
