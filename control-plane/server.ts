// Starts the control plane: the only place that reads the environment and listens.
// `npm run control-plane` needs no set-up: embedded database and key file in .data/control-plane,
// a generated first admin printed once. See control-plane/README.md for every variable.
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { buildApp } from './app.ts';
import { createAdminService } from './admins/admin-service.ts';
import { bootstrapAdmin } from './auth/bootstrap-admin.ts';
import { systemClock } from './clock.ts';
import type { AppConfig } from './config/config-schema.ts';
import { ConfigError, loadConfig } from './config/load-config.ts';
import { createLogger } from './observability/logger.ts';
import { openRuntime } from './runtime.ts';
import { createPgNotifyBus } from './stream/pg-notify-bus.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..');

/** Port 0 means "any free port"; the public URL must name the real one, so pick it first. */
async function freePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object'
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function main(): Promise<void> {
  const parsed = loadConfig({
    env: process.env,
    defaultDataDir: join(REPO_ROOT, '.data', 'control-plane'),
  });
  const logger = createLogger({ level: parsed.logLevel });
  const runtime = await openRuntime(parsed, () => systemClock.now());
  if (runtime.engine === 'postgres' && runtime.masterKey.source !== 'env') {
    logger.warn(
      'GATEHOUSE_MASTER_KEY is not set: every replica must share one key, set it before adding a second',
    );
  }
  const port = parsed.port === 0 ? await freePort(parsed.host) : parsed.port;
  const displayHost = parsed.host === '0.0.0.0' || parsed.host === '::' ? 'localhost' : parsed.host;
  const config: AppConfig = {
    ...parsed,
    port,
    publicUrl:
      parsed.publicUrl ??
      `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${port}`,
  };

  const boot = await bootstrapAdmin({
    db: runtime.db,
    admins: createAdminService({ db: runtime.db, clock: systemClock }),
    email: config.bootstrapAdmin.email,
    password: config.bootstrapAdmin.password,
  });

  // Replicas share one PostgreSQL: push-stream notices cross them with LISTEN/NOTIFY.
  const sessionBus =
    runtime.engine === 'postgres'
      ? await createPgNotifyBus({
          url: config.databaseUrl!,
          onError: (err) => logger.warn({ err: { message: err.message } }, 'session LISTEN failed'),
        })
      : undefined;
  const app = await buildApp({
    config,
    db: runtime.db,
    logger,
    secretBox: runtime.secretBox,
    ...(sessionBus ? { signIn: { sessionBus } } : {}),
  });
  await app.listen({ host: config.host, port });
  // Events, schedule, sync worker: every replica runs them; the database makes each job run once.
  app.background.start();

  const lines = [
    `Gatehouse control plane listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    `  public URL:  ${config.publicUrl}`,
    `  database:    ${runtime.engine} (${runtime.location})`,
    `  master key:  ${runtime.masterKey.source === 'env' ? 'GATEHOUSE_MASTER_KEY' : runtime.masterKey.path}`,
    `  OpenAPI:     ${config.publicUrl}/api/openapi.json`,
  ];
  if (boot.created && boot.generatedPassword) {
    lines.push(
      '',
      'First platform admin created (shown once; change the password after signing in):',
      `  email:    ${boot.email}`,
      `  password: ${boot.generatedPassword}`,
    );
  } else if (boot.created) {
    lines.push(
      '',
      `First platform admin created: ${boot.email} (password from GATEHOUSE_ADMIN_PASSWORD)`,
    );
  }
  console.log(lines.join('\n'));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    await sessionBus?.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(
    err instanceof ConfigError
      ? err.message
      : `control plane failed to start: ${(err as Error).message ?? String(err)}`,
  );
  process.exit(1);
});
