// Checks a policy against the tenant's data before it is stored: every named department and
// user must be in the directory, every named application must exist. Tags may name
// applications that come later, so an unknown tag is only a warning (from the compiler).
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import type { Policy } from '../../shared/domain/policy/index.ts';
import type { Database } from '../storage/schema.ts';
import { unknownSubjects } from './directory-reader.ts';

const listed = (values: string[], max = 20): string =>
  values.length > max
    ? `${values.slice(0, max).join(', ')} (+${values.length - max})`
    : values.join(', ');

export async function assertPolicyReferences(
  db: Kysely<Database>,
  tenantId: string,
  policy: Policy,
): Promise<void> {
  const unknown = await unknownSubjects(
    db,
    tenantId,
    policy.subjects.departments.map((d) => d.id),
    policy.subjects.users,
  );
  if (unknown.departments.length || unknown.users.length) {
    const names = [
      ...unknown.departments.map((d) => `department ${d}`),
      ...unknown.users.map((u) => `user ${u}`),
    ];
    throw new AppError('POLICY_UNKNOWN_SUBJECTS', {
      params: { names: listed(names) },
      details: { unknown_departments: unknown.departments, unknown_users: unknown.users },
    });
  }
  const named = [...new Set(policy.resources.applications)];
  if (named.length) {
    const rows = await db
      .selectFrom('policy_applications')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', named)
      .execute();
    const known = new Set(rows.map((r) => r.id));
    const missing = named.filter((id) => !known.has(id));
    if (missing.length) {
      throw new AppError('POLICY_UNKNOWN_APPLICATIONS', {
        params: { names: listed(missing) },
        details: { unknown_applications: missing },
      });
    }
  }
}
