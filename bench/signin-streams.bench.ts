// Push streams on one replica: 1,000 clients hold a stream open against a control-plane replica
// in a child process (on PostgreSQL, its LISTEN connection on), started with the Node flags of
// `npm run control-plane` and again with Node's defaults; reported are the replica's
// resident memory before, right after opening them and 20 s later, and how long a revocation of all 1,000
// sessions, committed by another process, takes to reach every stream (NOTIFY -> LISTEN ->
// the session event log -> each stream). Clients are raw sockets, so the generator stays small.
// Args: [streams, default 1000]
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { configSchema } from '../control-plane/config/config-schema.ts';
import { SecretBox } from '../control-plane/security/secret-box.ts';
import { createServices } from '../control-plane/services.ts';
import { migrateToLatest } from '../control-plane/storage/migrator.ts';
import { openDatabase } from '../control-plane/storage/open-database.ts';
import { createPgNotifyBus } from '../control-plane/stream/pg-notify-bus.ts';
import { startChild } from '../test/fixtures/child-process.ts';
import { freePort } from '../test/fixtures/signin-harness.ts';
import type { Bench, Figure } from './lib/figure.ts';
import { benchPostgres } from './lib/pg-cluster.ts';
import { benchSignInConfig, rssOf, seedSessions } from './lib/signin-bench-world.ts';
import { percentile } from './lib/stats.ts';
import { DEPLOYED_NODE_FLAGS } from './lib/deployed-node-flags.ts';

const CHILD = fileURLToPath(new URL('./lib/signin-replica-child.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Client {
  socket: Socket;
  open: Promise<void>;
  revokedAt?: number;
}

function openStream(port: number, token: string): Client {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  const client: Client = { socket, open: Promise.resolve() };
  client.open = new Promise((resolve, reject) => {
    socket.setEncoding('utf8');
    socket.once('error', reject);
    socket.on('data', (chunk: string) => {
      text = (text + chunk).slice(-4096);
      if (text.startsWith('HTTP/1.1 200')) resolve();
      else if (text.startsWith('HTTP/1.1 ')) reject(new Error(text.slice(0, 40)));
      if (client.revokedAt === undefined && text.includes('event: session-revoked'))
        client.revokedAt = performance.now();
    });
    socket.write(
      `GET /api/v1/session/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
        `Authorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`,
    );
  });
  return client;
}

interface Pass {
  label: string;
  nodeOptions: string;
}

async function measure(
  pass: Pass,
  pgUrl: string,
  masterKey: string,
  count: number,
): Promise<Figure[]> {
  const secretBox = new SecretBox(Buffer.from(masterKey, 'base64'));
  const port = await freePort();
  const config = benchSignInConfig({
    port,
    dataDir: '/nonexistent',
    databaseUrl: pgUrl,
    masterKey,
  });
  const opened = await openDatabase({ engine: 'postgres', url: pgUrl });
  const clients: Client[] = [];
  try {
    const { tenantId, sessions } = await seedSessions(opened.db, secretBox, config, count);
    const child = await startChild<{ port: number }>(CHILD, {
      CHILD_DATABASE_URL: pgUrl,
      CHILD_MASTER_KEY: masterKey,
      CHILD_PORT: String(port),
      NODE_OPTIONS: pass.nodeOptions,
    });
    const bus = await createPgNotifyBus({ url: pgUrl });
    try {
      const parsed = configSchema.parse(config);
      const services = createServices({
        config: { ...parsed, publicUrl: parsed.publicUrl! },
        db: opened.db,
        clock: { now: () => new Date() },
        secretBox,
        sessionBus: bus,
      });
      await sleep(1000);
      const idle = rssOf(child.process.pid!);
      const t0 = performance.now();
      for (let i = 0; i < sessions.length; i += 50) {
        const batch = sessions.slice(i, i + 50).map((s) => openStream(port, s.accessToken));
        clients.push(...batch);
        await Promise.all(batch.map((c) => c.open));
      }
      const openMs = performance.now() - t0;
      await sleep(3000);
      const withStreams = rssOf(child.process.pid!);
      // Once the burst of openings is over, V8 may give back heap it grew for it.
      await sleep(20_000);
      const settled = rssOf(child.process.pid!);

      const revokedAt = performance.now();
      await services.signIn.revoker.revoke({ tenantId }, 'admin', null);
      const deadline = performance.now() + 30_000;
      while (clients.some((c) => c.revokedAt === undefined) && performance.now() < deadline)
        await sleep(10);
      const delays = clients
        .filter((c) => c.revokedAt !== undefined)
        .map((c) => c.revokedAt! - revokedAt)
        .sort((a, b) => a - b);
      await services.signIn.bus.close();
      const tag = (m: string) => `${pass.label}_${m}`;
      const n = clients.length;
      return [
        { metric: tag('streams_open'), value: n, unit: 'streams', n },
        { metric: tag('open_all_wall'), value: openMs, unit: 'ms', n },
        { metric: tag('replica_rss_idle'), value: idle, unit: 'MiB', n: 1 },
        { metric: tag('replica_rss_with_streams'), value: withStreams, unit: 'MiB', n },
        { metric: tag('replica_rss_settled'), value: settled, unit: 'MiB', n },
        { metric: tag('rss_per_stream'), value: ((settled - idle) * 1024) / n, unit: 'KiB', n },
        { metric: tag('revoked_delivered'), value: delays.length, unit: 'streams', n },
        { metric: tag('fanout_p50'), value: percentile(delays, 50), unit: 'ms', n: delays.length },
        { metric: tag('fanout_p99'), value: percentile(delays, 99), unit: 'ms', n: delays.length },
      ];
    } finally {
      for (const c of clients) c.socket.destroy();
      await bus.close();
      await child.stop();
    }
  } finally {
    await opened.close();
  }
}

const bench: Bench = {
  name: 'signin-streams',
  description: 'Push streams: 1,000 open on one replica (RSS), revocation fan-out to all of them',
  async run(args) {
    const count = Number(args[0] ?? 1000);
    const pgdb = await benchPostgres();
    if (!pgdb) throw new Error('no PostgreSQL: set DATABASE_URL or install the server binaries');
    const masterKey = randomBytes(32).toString('base64');
    try {
      const opened = await openDatabase({ engine: 'postgres', url: pgdb.url });
      await migrateToLatest(opened.db);
      await opened.close();
      return [
        ...(await measure(
          { label: 'deployed', nodeOptions: DEPLOYED_NODE_FLAGS },
          pgdb.url,
          masterKey,
          count,
        )),
        ...(await measure({ label: 'node_defaults', nodeOptions: '' }, pgdb.url, masterKey, count)),
      ];
    } finally {
      await pgdb.close();
    }
  },
};
export default bench;
