// What the sign-in benches share: the configuration of a bench replica (limits opened up, the
// sandbox as Feishu), a tenant with a source and a seeded directory made through the real
// services, client sessions started the way a handoff redemption starts them, and a child's RSS.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { ConfigInput } from '../../control-plane/config/config-schema.ts';
import { configSchema } from '../../control-plane/config/config-schema.ts';
import type { SecretBox } from '../../control-plane/security/secret-box.ts';
import { createServices } from '../../control-plane/services.ts';
import type { Database } from '../../control-plane/storage/schema.ts';
import { seedDirectory } from '../../test/fixtures/directory-rows.ts';
import { systemContext } from '../../test/fixtures/event-source.ts';

export function benchSignInConfig(o: {
  port: number;
  dataDir: string;
  databaseUrl?: string | undefined;
  poolSize?: number;
  masterKey: string;
  sandboxUrl?: string | undefined;
}): ConfigInput {
  return {
    publicUrl: `http://127.0.0.1:${o.port}`,
    dataDir: o.dataDir,
    ...(o.databaseUrl ? { databaseUrl: o.databaseUrl } : {}),
    databasePoolSize: o.poolSize ?? 10,
    masterKey: o.masterKey,
    logLevel: 'warn',
    tenantLookup: { perIpPerMinute: 10_000 },
    signIn: {
      transactionsPerIpPerMinute: 100_000,
      callbackPerIpPerMinute: 100_000,
      tokenPerIpPerMinute: 1_000_000,
      ...(o.sandboxUrl
        ? { feishu: { baseUrl: o.sandboxUrl }, lark: { baseUrl: `${o.sandboxUrl}/lark` } }
        : {}),
    },
  };
}

export interface BenchSession {
  sessionId: string;
  accessToken: string;
  refreshToken: string;
  deviceId: string;
}

/** A tenant, a source, `users` directory users and one session for each. */
export async function seedSessions(
  db: Kysely<Database>,
  secretBox: SecretBox,
  config: ConfigInput,
  users: number,
): Promise<{ tenantId: string; sourceId: string; sessions: BenchSession[] }> {
  const parsed = configSchema.parse(config);
  const services = createServices({
    config: { ...parsed, publicUrl: parsed.publicUrl! },
    db,
    clock: { now: () => new Date() },
    secretBox,
  });
  const tenant = await services.tenants.create(systemContext, {
    name: `bench-${randomBytes(3).toString('hex')}`,
  });
  const source = await services.sources.create(systemContext, tenant.id, {
    name: 'bench-source',
    app_id: `cli_${randomBytes(8).toString('hex')}`,
    app_secret: randomBytes(16).toString('hex'),
    auto_sync: false,
  });
  const ids = await seedDirectory(
    db,
    source.id,
    [{ id: 'od-bench', name: 'Bench', parent: '0' }],
    Array.from({ length: users }, (_, i) => ({
      openId: `ou_bench${String(i).padStart(6, '0')}`,
      name: `User ${i}`,
      departments: ['od-bench'],
    })),
  );
  const key = await services.signIn.sessions.signingKey();
  const sessions: BenchSession[] = [];
  for (const userId of ids.values()) {
    const deviceId = `bench-${randomBytes(6).toString('hex')}`;
    const issued = await db.transaction().execute((trx) =>
      services.signIn.sessions.createIn(
        trx,
        {
          tenantId: tenant.id,
          sourceId: source.id,
          userId,
          device: { id: deviceId, name: 'bench', os: 'Linux', app_version: '0.1.0' },
          ip: '127.0.0.1',
          userAgent: 'bench',
        },
        key,
      ),
    );
    sessions.push({
      sessionId: issued.sessionId,
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      deviceId,
    });
  }
  await services.signIn.bus.close();
  return { tenantId: tenant.id, sourceId: source.id, sessions };
}

/** Resident set size of a process, from /proc (Linux), in MiB. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/** CPU time (user + system) a process has used so far, from /proc (Linux), in ms. */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat; after "pid (comm) " they are at 11 and 12.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

/** CPU time of the PostgreSQL backends serving one database (their titles name it), in ms. */
export function postgresCpuMsOf(database: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.includes(` ${database} `))
        total += cpuMsOf(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
