// Builds every service of the control plane from the app's dependencies (one place, so the
// routes, the CLI and later modules wire the same objects).
import type { Kysely } from 'kysely';
import { createAdminService } from './admins/admin-service.ts';
import { createAuthService } from './auth/auth-service.ts';
import type { Clock } from './clock.ts';
import type { AppConfig } from './config/config-schema.ts';
import { createDirectoryService } from './directory/directory-service.ts';
import { createDirectorySignals, type DirectorySignals } from './directory/signals.ts';
import { createConnectivityService } from './feishu/connectivity-service.ts';
import { configuredBaseUrls } from './feishu/hosts.ts';
import { createLiveDepartments } from './feishu/live-departments.ts';
import { createSourceService } from './identity-sources/source-service.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import type { SecretBox } from './security/secret-box.ts';
import type { FeishuOAuth } from './signin/feishu-oauth.ts';
import { createJustInTimeUsers } from './signin/just-in-time-adapter.ts';
import type { JustInTimeUsers } from './signin/just-in-time-users.ts';
import { createSignInServices } from './signin/signin-services.ts';
import type { Database } from './storage/schema.ts';
import { createFullSync } from './sync/full-sync.ts';
import { mapFeishuUser } from './sync/map-user.ts';
import { createSyncService } from './sync/sync-service.ts';
import { createInProcessBus, type SessionEventBus } from './stream/session-event-bus.ts';
import { createTenantLookup } from './tenants/tenant-lookup.ts';
import { createTenantService } from './tenants/tenant-service.ts';

export interface ServiceDeps {
  config: AppConfig;
  db: Kysely<Database>;
  clock: Clock;
  secretBox: SecretBox;
  /** Committed directory changes are announced here (in process unless given). */
  signals?: DirectorySignals;
  logger?: Logger;
  /** Session events across replicas (PostgreSQL LISTEN/NOTIFY); in process by default. */
  sessionBus?: SessionEventBus;
  /** Feishu/Lark sign-in calls (tests may substitute); real HTTP by default. */
  feishuOAuth?: FeishuOAuth;
  /** Fetches a user the directory has not seen yet at sign-in. */
  justInTime?: JustInTimeUsers;
}

export function createServices(deps: ServiceDeps) {
  const { config, db, clock, secretBox } = deps;
  const signals = deps.signals ?? createDirectorySignals(deps.logger);
  const tenantLookup = createTenantLookup({
    db,
    clock,
    perClientPerMinute: config.tenantLookup.perIpPerMinute,
  });
  const signIn = createSignInServices({
    config,
    db,
    clock,
    secretBox,
    tenantLookup,
    bus: deps.sessionBus ?? createInProcessBus(),
    ...(deps.feishuOAuth ? { oauth: deps.feishuOAuth } : {}),
    justInTime:
      deps.justInTime ??
      createJustInTimeUsers({
        db,
        clock,
        secretBox,
        baseUrls: configuredBaseUrls(config.signIn),
        signals,
        mapUser: mapFeishuUser,
        timeoutMs: Math.min(config.sync.timeoutMs, 10_000),
      }),
  });
  const tenants = createTenantService({ db, clock });
  const sources = createSourceService({ db, clock, secretBox });
  return {
    auth: createAuthService({
      db,
      clock,
      config,
      csrfKey: secretBox.deriveKey('gatehouse csrf v1'),
    }),
    // A suspended tenant or a closed source ends its client sessions, and their streams say so.
    tenants: {
      ...tenants,
      update: async (...args: Parameters<typeof tenants.update>) => {
        const row = await tenants.update(...args);
        if (row.status === 'suspended')
          await signIn.revocation.tenantSuspended(row.id, args[0].actor.adminId);
        return row;
      },
    },
    tenantLookup,
    admins: createAdminService({ db, clock }),
    sources: {
      ...sources,
      close: async (...args: Parameters<typeof sources.close>) => {
        const row = await sources.close(...args);
        await signIn.revocation.sourceClosed(row.id, args[0].actor.adminId);
        return row;
      },
    },
    directory: createDirectoryService({ db }),
    ...syncServices({ config, db, clock, secretBox, signals, logger: deps.logger }),
    signals,
    signIn,
  };
}

export type Services = ReturnType<typeof createServices>;

/** Directory sync: the full-sync runner (the job queue's RunSync), runs and approvals, the
 * connectivity test. The Open Platform hosts are the sign-in configuration's per brand. */
function syncServices(d: ServiceDeps & { signals: DirectorySignals }) {
  const baseUrls = configuredBaseUrls(d.config.signIn);
  const { runSync } = createFullSync({
    db: d.db,
    clock: d.clock,
    secretBox: d.secretBox,
    logger: d.logger ?? createLogger({ level: 'silent' }),
    signals: d.signals,
    baseUrls,
    pacing: d.config.sync.pacing ? undefined : false,
    concurrency: d.config.sync.concurrency,
    deleteGraceMs: d.config.sync.deleteGraceDays * 86_400_000,
    client: { timeoutMs: d.config.sync.timeoutMs },
  });
  return {
    sync: { ...createSyncService({ db: d.db, clock: d.clock, signals: d.signals }), runSync },
    liveDepartments: createLiveDepartments({
      db: d.db,
      secretBox: d.secretBox,
      baseUrls,
      client: { timeoutMs: Math.min(d.config.sync.timeoutMs, 10_000) },
    }),
    connectivity: createConnectivityService({
      db: d.db,
      clock: d.clock,
      secretBox: d.secretBox,
      baseUrls,
      client: { timeoutMs: Math.min(d.config.sync.timeoutMs, 15_000) },
    }),
  };
}
