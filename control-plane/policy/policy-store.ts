// Queries over a tenant's applications, policies and policy revision. Every function takes
// the tenant id: rows of another tenant are never read or written.
import { sql, type Kysely } from 'kysely';
import type { Application, Policy } from '../../shared/domain/policy/index.ts';
import type { Database } from '../storage/schema.ts';
import '../storage/policy-tables.ts';
import {
  applicationColumns,
  applicationOfRow,
  policyColumns,
  policyOfRow,
  type ApplicationRow,
  type PolicyRow,
} from './policy-rows.ts';
import { tenantRows, type TenantRowMapping } from './tenant-rows.ts';

const applications: TenantRowMapping<'policy_applications', Application, ApplicationRow> = {
  table: 'policy_applications',
  listOrder: sql`lower(name)`,
  ofRow: applicationOfRow,
  columns: applicationColumns,
};

const policies: TenantRowMapping<'access_policies', Policy, PolicyRow> = {
  table: 'access_policies',
  listOrder: sql.ref('priority'),
  ofRow: policyOfRow,
  columns: policyColumns,
};

/** Queries on the tenant's applications (get, update, delete: the admin service's). */
export const applicationRows = tenantRows(applications);
/** Queries on the tenant's policies. */
export const policyRows = tenantRows(policies);

// Named for the modules outside the admin service (compile cache, benchmarks).
export const listApplications = applicationRows.list;
export const insertApplication = applicationRows.insert;
export const listPolicies = policyRows.list;
export const insertPolicy = policyRows.insert;

export async function setPolicyPriority(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  priority: number,
  now: Date,
): Promise<void> {
  await db
    .updateTable('access_policies')
    .set({ priority, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Policies whose resources name the application (for the in-use check on delete). */
export async function policiesNamingApplication(
  db: Kysely<Database>,
  tenantId: string,
  appId: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('access_policies')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`resources -> 'applications' @> ${JSON.stringify([appId])}::jsonb`)
    .orderBy('priority')
    .execute();
}

/**
 * Adds one to the tenant's policy revision (inside the change's transaction), which every
 * replica's compile cache compares with what it compiled.
 */
export async function bumpPolicyRevision(
  db: Kysely<Database>,
  tenantId: string,
  now: Date,
): Promise<number> {
  const row = await db
    .insertInto('policy_revisions')
    .values({ tenant_id: tenantId, revision: 1, updated_at: now })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({
        revision: sql`policy_revisions.revision + 1`,
        updated_at: now,
      }),
    )
    .returning('revision')
    .executeTakeFirstOrThrow();
  return Number(row.revision);
}
