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

export async function listApplications(
  db: Kysely<Database>,
  tenantId: string,
): Promise<Application[]> {
  const rows = await db
    .selectFrom('policy_applications')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
  return rows.map((r) => applicationOfRow(r as ApplicationRow));
}

export async function getApplication(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  lock = false,
): Promise<Application | undefined> {
  let q = db
    .selectFrom('policy_applications')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? applicationOfRow(row as ApplicationRow) : undefined;
}

export async function insertApplication(
  db: Kysely<Database>,
  tenantId: string,
  app: Application,
  now: Date,
): Promise<void> {
  await db
    .insertInto('policy_applications')
    .values({
      tenant_id: tenantId,
      id: app.id,
      ...applicationColumns(app),
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function updateApplication(
  db: Kysely<Database>,
  tenantId: string,
  app: Application,
  now: Date,
): Promise<void> {
  await db
    .updateTable('policy_applications')
    .set({ ...applicationColumns(app), updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', app.id)
    .execute();
}

export async function deleteApplication(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<void> {
  await db
    .deleteFrom('policy_applications')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function listPolicies(db: Kysely<Database>, tenantId: string): Promise<Policy[]> {
  const rows = await db
    .selectFrom('access_policies')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('priority')
    .orderBy('id')
    .execute();
  return rows.map((r) => policyOfRow(r as PolicyRow));
}

export async function getPolicy(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  lock = false,
): Promise<Policy | undefined> {
  let q = db
    .selectFrom('access_policies')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? policyOfRow(row as PolicyRow) : undefined;
}

export async function insertPolicy(
  db: Kysely<Database>,
  tenantId: string,
  policy: Policy,
  now: Date,
): Promise<void> {
  await db
    .insertInto('access_policies')
    .values({
      tenant_id: tenantId,
      id: policy.id,
      ...policyColumns(policy),
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function updatePolicy(
  db: Kysely<Database>,
  tenantId: string,
  policy: Policy,
  now: Date,
): Promise<void> {
  await db
    .updateTable('access_policies')
    .set({ ...policyColumns(policy), updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', policy.id)
    .execute();
}

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

export async function deletePolicy(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<void> {
  await db
    .deleteFrom('access_policies')
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
