// A control-plane replica as a child process for the sign-in benches, so the load generator
// does not share its CPU or its memory figure. Opens the database as server.ts does, uses the
// LISTEN/NOTIFY session bus on PostgreSQL, listens on the given 127.0.0.1 port (the public URL
// names it, so the issuer of access tokens matches) and prints {"port":N}. Environment:
//   CHILD_DATABASE_URL or CHILD_DATA_DIR, CHILD_MASTER_KEY (base64), CHILD_PORT,
//   CHILD_SANDBOX_URL (Feishu/Lark hosts), CHILD_POOL_SIZE.
import { buildApp } from '../../control-plane/app.ts';
import { configSchema } from '../../control-plane/config/config-schema.ts';
import { createLogger } from '../../control-plane/observability/logger.ts';
import { openRuntime } from '../../control-plane/runtime.ts';
import { createPgNotifyBus } from '../../control-plane/stream/pg-notify-bus.ts';
import { benchSignInConfig } from './signin-bench-world.ts';

const env = process.env;
const port = Number(env.CHILD_PORT);
const parsed = configSchema.parse(
  benchSignInConfig({
    port,
    dataDir: env.CHILD_DATA_DIR ?? '/nonexistent-child-data-dir',
    databaseUrl: env.CHILD_DATABASE_URL || undefined,
    poolSize: Number(env.CHILD_POOL_SIZE ?? 10),
    masterKey: env.CHILD_MASTER_KEY!,
    sandboxUrl: env.CHILD_SANDBOX_URL,
  }),
);
const runtime = await openRuntime(parsed, () => new Date());
const logger = createLogger({ level: 'warn' });
const sessionBus = parsed.databaseUrl
  ? await createPgNotifyBus({ url: parsed.databaseUrl })
  : undefined;
const app = await buildApp({
  config: { ...parsed, publicUrl: `http://127.0.0.1:${port}` },
  db: runtime.db,
  logger,
  secretBox: runtime.secretBox,
  ...(sessionBus ? { signIn: { sessionBus } } : {}),
});
await app.listen({ host: '127.0.0.1', port });
console.log(JSON.stringify({ port }));

const stop = async () => {
  await app.close();
  await sessionBus?.close();
  await runtime.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
