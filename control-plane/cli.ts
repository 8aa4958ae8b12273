// Operator commands against the control plane's database (same configuration as the server):
//   node control-plane/cli.ts admin create --email a@b.c --name "Ops" [--role platform_admin|tenant_admin]
//        [--tenant <tenant id>] [--password-stdin]      (without --password-stdin one is generated and printed)
//   node control-plane/cli.ts admin reset-password --email a@b.c [--password-stdin]
//   node control-plane/cli.ts migrate
// With the embedded database, stop the server first (it holds the data directory).
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError } from '../shared/domain/errors/index.ts';
import { createAdminService } from './admins/admin-service.ts';
import { systemActor, writeAudit } from './audit/audit-writer.ts';
import { systemClock } from './clock.ts';
import { ConfigError, loadConfig } from './config/load-config.ts';
import { openRuntime } from './runtime.ts';
import { hashPassword } from './security/password-hash.ts';
import { assertPasswordAcceptable } from './admins/password-policy.ts';
import { getAdminByEmail, updateAdmin } from './storage/repositories/admins.ts';
import { deleteSessionsOfAdmin } from './storage/repositories/sessions.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..');
const USAGE = `usage:
  node control-plane/cli.ts admin create --email <email> [--name <name>] [--role platform_admin|tenant_admin] [--tenant <id>] [--password-stdin]
  node control-plane/cli.ts admin reset-password --email <email> [--password-stdin]
  node control-plane/cli.ts migrate`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const optionsSchema = z.object({
  email: z.email().max(254).optional(),
  name: z.string().min(1).max(100).optional(),
  role: z.enum(['platform_admin', 'tenant_admin']).optional(),
  tenant: z.uuid().optional(),
  'password-stdin': z.boolean().optional(),
});

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      tenant: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
  });
  const command = positionals.join(' ');
  const opts = optionsSchema.safeParse(values);
  if (!opts.success || !['admin create', 'admin reset-password', 'migrate'].includes(command)) {
    console.error(
      opts.success
        ? USAGE
        : `${opts.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}`,
    );
    return 2;
  }
  const o = opts.data;
  if (command !== 'migrate' && !o.email) {
    console.error(`--email is required\n${USAGE}`);
    return 2;
  }
  const config = loadConfig({
    env: process.env,
    defaultDataDir: join(REPO_ROOT, '.data', 'control-plane'),
  });
  const runtime = await openRuntime(config, () => systemClock.now());
  try {
    if (command === 'migrate') {
      console.log(
        runtime.appliedMigrations.length
          ? `applied: ${runtime.appliedMigrations.join(', ')}`
          : 'already up to date',
      );
      return 0;
    }
    const password = o['password-stdin']
      ? await readStdin()
      : randomBytes(18).toString('base64url');
    const actor = systemActor('cli');
    if (command === 'admin create') {
      const admins = createAdminService({ db: runtime.db, clock: systemClock });
      const role = o.role ?? (o.tenant ? 'tenant_admin' : 'platform_admin');
      const row = await admins.createWithActor(actor, {
        email: o.email!,
        name: o.name ?? o.email!,
        role,
        tenant_id: o.tenant ?? null,
        password,
      });
      console.log(`created ${row.role} ${row.email} (${row.id})`);
    } else {
      const admin = await getAdminByEmail(runtime.db, o.email!);
      if (!admin) throw new AppError('ADMIN_NOT_FOUND');
      assertPasswordAcceptable(password, admin.email);
      const hash = await hashPassword(password);
      const now = systemClock.now();
      await runtime.db.transaction().execute(async (trx) => {
        await updateAdmin(trx, admin.id, {
          password_hash: hash,
          password_changed_at: now,
          failed_logins: 0,
          locked_until: null,
          updated_at: now,
        });
        await deleteSessionsOfAdmin(trx, admin.id);
        await writeAudit(trx, systemClock, actor, {
          action: 'admin.reset_password',
          targetType: 'admin',
          targetId: admin.id,
          tenantId: admin.tenant_id,
          after: { password: 'set' },
        });
      });
      console.log(`password of ${admin.email} reset; their sessions are ended`);
    }
    if (!o['password-stdin']) console.log(`password: ${password}   (shown once)`);
    return 0;
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof AppError) console.error(`${err.code}: ${err.message}`);
    else if (err instanceof ConfigError) console.error(err.message);
    else console.error(`failed: ${(err as Error).message ?? String(err)}`);
    process.exit(1);
  },
);
