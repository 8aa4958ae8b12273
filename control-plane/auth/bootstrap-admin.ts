// The first platform admin, created on first start when there is no admin at all: from
// GATEHOUSE_ADMIN_EMAIL / GATEHOUSE_ADMIN_PASSWORD, or with a generated password that the
// caller prints once. Several replicas starting together create it once (the email is unique).
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/domain/errors/index.ts';
import type { AdminService } from '../admins/admin-service.ts';
import { systemActor } from '../audit/audit-writer.ts';
import type { Kysely } from 'kysely';
import { countAdmins } from '../storage/repositories/admins.ts';
import type { Database } from '../storage/schema.ts';

export const GENERATED_ADMIN_EMAIL = 'admin@gatehouse.local';

export type BootstrapResult =
  { created: false } | { created: true; email: string; generatedPassword: string | null };

export async function bootstrapAdmin(options: {
  db: Kysely<Database>;
  admins: AdminService;
  email?: string;
  password?: string;
}): Promise<BootstrapResult> {
  if ((await countAdmins(options.db)) > 0) return { created: false };
  const email = (options.email ?? GENERATED_ADMIN_EMAIL).toLowerCase();
  const generatedPassword = options.password ? null : randomBytes(18).toString('base64url');
  try {
    await options.admins.createWithActor(systemActor('bootstrap'), {
      email,
      name: 'Platform admin',
      role: 'platform_admin',
      password: options.password ?? generatedPassword!,
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'ADMIN_EMAIL_TAKEN') return { created: false };
    throw err;
  }
  return { created: true, email, generatedPassword };
}
