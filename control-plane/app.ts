// The control plane's HTTP app, built from its dependencies and returned without listening:
// tests drive it with app.inject(), server.ts is the only place that listens.
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  type RawServerDefault,
} from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import pkg from '../package.json' with { type: 'json' };
import { registerErrorHandling } from './api/error-handler.ts';
import { registerOpenApi, registerOpenApiRoute } from './api/openapi.ts';
import { adminRoutes } from './api/routes/admin-routes.ts';
import { auditRoutes } from './api/routes/audit-routes.ts';
import { authRoutes } from './api/routes/auth-routes.ts';
import { clientSessionRoutes } from './api/routes/client-session-routes.ts';
import { consoleRoutes } from './api/routes/console-routes.ts';
import { directoryRoutes } from './api/routes/directory-routes.ts';
import { entitlementRoutes } from './api/routes/entitlement-routes.ts';
import { feishuEventRoutes } from './api/routes/feishu-event-routes.ts';
import { gatewayKeyRoutes } from './api/routes/gateway-key-routes.ts';
import { gatewayRoutes } from './api/routes/gateway-routes.ts';
import { healthRoutes } from './api/routes/health-routes.ts';
import { policyRoutes } from './api/routes/policy-routes.ts';
import { sessionAdminRoutes } from './api/routes/session-admin-routes.ts';
import { signInRoutes } from './api/routes/signin-routes.ts';
import { sourceRoutes } from './api/routes/source-routes.ts';
import { syncRoutes } from './api/routes/sync-routes.ts';
import { tenantRoutes } from './api/routes/tenant-routes.ts';
import { tokenRoutes } from './api/routes/token-routes.ts';
import { zodValidatorCompiler } from './api/validation.ts';
import { requireAdmin } from './auth/session-guard.ts';
import { systemClock, type Clock } from './clock.ts';
import type { AppConfig } from './config/config-schema.ts';
import type { DirectorySignals } from './directory/signals.ts';
import { createEventReceiver } from './events/event-receiver.ts';
import { createSourceEventKeyCache } from './events/source-event-keys.ts';
import { createBackground, type Background, type BackgroundDeps } from './jobs/background.ts';
import type { Logger } from './observability/logger.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { createPolicyServices, type PolicyServices } from './policy/policy-services.ts';
import type { SecretBox } from './security/secret-box.ts';
import { createServices, type ServiceDeps, type Services } from './services.ts';
import { pruneSignInRows } from './sessions/session-maintenance.ts';
import { createStreamHub, type StreamHub } from './stream/stream-hub.ts';
import type { Database } from './storage/schema.ts';
import { mapFeishuUser } from './sync/map-user.ts';

export interface AppDeps {
  config: AppConfig;
  db: Kysely<Database>;
  logger: Logger;
  secretBox: SecretBox;
  clock?: Clock;
  metrics?: Metrics;
  /** Sign-in and sessions: the cross-replica event bus (owned by the caller), Feishu calls. */
  signIn?: Pick<ServiceDeps, 'sessionBus' | 'feishuOAuth' | 'justInTime'> & {
    /** How often open push streams re-read their events and state (default 30 s). */
    streamSweepMs?: number;
  };
  /** Committed directory changes are announced here (sessions, entitlements subscribe). */
  signals?: DirectorySignals;
  /** Background work (events, schedule, sync worker); started by server.ts, not by buildApp. */
  jobs?: Partial<
    Pick<
      BackgroundDeps,
      'mapUser' | 'runSync' | 'intervals' | 'holder' | 'burstWindowMs' | 'eventClaimMs'
    >
  > & {
    replayWindowSeconds?: number;
    eventBodyLimitBytes?: number;
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    metrics: Metrics;
    streams: StreamHub;
    directorySignals: DirectorySignals;
    background: Background;
    policies: PolicyServices;
  }
}

/** A hop count means "trust the n nearest proxies" (fastify's types only name the other forms). */
const trustProxyOption = (t: AppConfig['trustProxy']) =>
  typeof t === 'number' ? (_address: string, hop: number) => hop < t : t;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Keeps a caller's X-Request-Id for tracing when it is sane, otherwise makes one. */
const requestIdOf = (req: { headers: Record<string, unknown> }): string => {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
};

export type GatehouseApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export async function buildApp(deps: AppDeps): Promise<GatehouseApp> {
  const { config, db, secretBox } = deps;
  const clock = deps.clock ?? systemClock;
  const metrics = deps.metrics ?? createMetrics();
  const secureCookies = config.publicUrl.startsWith('https://');

  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdOf,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  const services = createServices({
    config,
    db,
    clock,
    secretBox,
    ...deps.signIn,
    signals: deps.signals,
    logger: deps.logger,
  });
  app.decorate('services', services);
  const streams = createStreamHub({
    db,
    clock,
    bus: services.signIn.bus,
    revoker: services.signIn.revoker,
    logger: deps.logger,
    heartbeatMs: config.signIn.streamHeartbeatSeconds * 1000,
    sweepMs: deps.signIn?.streamSweepMs,
  });
  app.decorate('streams', streams);
  // Open streams would hold the server open: end them before it stops listening.
  app.addHook('preClose', () => streams.close());
  if (!deps.signIn?.sessionBus) app.addHook('onClose', () => services.signIn.bus.close());
  const maintenance = setInterval(() => {
    pruneSignInRows(db, clock).catch((err: Error) =>
      app.log.warn({ err: { message: err.message } }, 'sign-in housekeeping failed'),
    );
  }, 10 * 60_000);
  maintenance.unref();
  app.addHook('onClose', async () => clearInterval(maintenance));
  app.decorate('metrics', metrics);
  const signals = services.signals;
  app.decorate('directorySignals', signals);
  const unsubscribeSessions = signals.subscribe(services.signIn.revocation);
  app.addHook('onClose', async () => unsubscribeSessions());
  // Access policies: subscribed after sessions, which announce the signalled user themselves.
  const policies = createPolicyServices({
    db,
    clock,
    issuer: services.signIn.issuer,
    sessions: services.signIn.sessions,
    publish: (sessionIds) => services.signIn.revoker.publish(sessionIds),
    logger: deps.logger,
  });
  app.decorate('policies', policies);
  const unsubscribePolicies = signals.subscribe(policies.entitlements.listener);
  app.addHook('onClose', async () => {
    unsubscribePolicies();
    policies.entitlements.stop();
  });
  const background = createBackground({
    db,
    clock,
    logger: deps.logger,
    metrics,
    signals,
    ...deps.jobs,
    runSync: deps.jobs?.runSync ?? services.sync.runSync,
    mapUser: deps.jobs?.mapUser ?? mapFeishuUser,
  });
  app.decorate('background', background);
  app.addHook('onClose', () => background.stop());
  app.decorateRequest('auth', null);

  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', String(req.id));
  });
  app.addHook('onResponse', async (req: FastifyRequest, reply) => {
    metrics.httpDuration.observe(
      {
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(cookie);
  await registerOpenApi(app, config.publicUrl, pkg.version);

  await app.register(healthRoutes, { db, metrics, metricsToken: config.metricsToken });
  await app.register(consoleRoutes, { dir: config.consoleDir });
  registerOpenApiRoute(app);

  await app.register(feishuEventRoutes, {
    metrics,
    bodyLimitBytes: deps.jobs?.eventBodyLimitBytes,
    receiver: createEventReceiver({
      db,
      clock,
      keys: createSourceEventKeyCache({ db, secretBox, clock }),
      replayWindowSeconds: deps.jobs?.replayWindowSeconds,
      onStored: () => background.wakeEvents(),
    }),
  });

  await app.register(signInRoutes, { signIn: services.signIn });
  await app.register(tokenRoutes, { signIn: services.signIn });
  await app.register(clientSessionRoutes, { signIn: services.signIn, hub: streams });
  await app.register(entitlementRoutes, {
    db,
    signIn: services.signIn,
    entitlements: policies.entitlements,
  });
  await app.register(gatewayRoutes, { keys: policies.gatewayKeys, decide: policies.decide });

  await app.register(
    async (admin) => {
      await admin.register(authRoutes, { services, secureCookies });
      await admin.register(async (signedIn) => {
        signedIn.addHook('onRequest', requireAdmin(services.auth));
        await signedIn.register(tenantRoutes, { services });
        await signedIn.register(adminRoutes, { services });
        await signedIn.register(sourceRoutes, { services, publicUrl: config.publicUrl });
        await signedIn.register(directoryRoutes, { services });
        await signedIn.register(syncRoutes, {
          sync: services.sync,
          connectivity: services.connectivity,
          wakeSync: () => background.wakeSync(),
        });
        await signedIn.register(sessionAdminRoutes, { signIn: services.signIn });
        await signedIn.register(auditRoutes, { db });
        await signedIn.register(policyRoutes, { policies: policies.admin });
        await signedIn.register(gatewayKeyRoutes, { keys: policies.gatewayKeys });
      });
    },
    { prefix: '/api/v1/admin' },
  );

  return app;
}
