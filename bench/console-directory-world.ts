// The large sandbox org (100k users, 5k departments, depth 9: the sync benches' org) written
// into a control plane's directory tables as a full sync leaves them (materialized paths,
// memberships with the primary department first), behind a control plane built in process with
// a signed-in admin. Rows go in with bulk inserts rather than a sync: the console bench measures
// reads, and must not depend on the sync's speed or on the sandbox's HTTP.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { buildApp, type GatehouseApp } from '../control-plane/app.ts';
import { createLogger } from '../control-plane/observability/logger.ts';
import { SecretBox } from '../control-plane/security/secret-box.ts';
import { json, type Database } from '../control-plane/storage/schema.ts';
import { SandboxClock } from '../sandbox/clock.ts';
import { OrgStore } from '../sandbox/org/org-store.ts';
import { buildWorld } from '../sandbox/org/world.ts';
import {
  API,
  login,
  PLATFORM_EMAIL,
  PLATFORM_PASSWORD,
  sourceBody,
  testConfig,
  type Session,
} from '../test/fixtures/control-plane-app.ts';

export interface OrgRows {
  departments: {
    openId: string;
    name: string;
    parent: string;
    path: string;
    order: number;
  }[];
  users: {
    id: string;
    openId: string;
    unionId: string;
    userId: string;
    name: string;
    enName: string;
    email: string;
    mobile: string;
    employeeNo: string;
    active: boolean;
    departments: { openId: string; primary: boolean }[];
  }[];
}

/** The main tenant of the large sandbox org, as plain rows (ids stable for one seed). */
export async function largeOrgRows(preset = 'large'): Promise<OrgRows> {
  const store = new OrgStore(new SandboxClock());
  const world = await buildWorld(store, preset, 1);
  const depts = [...store.departments.values()].filter(
    (d) => d.tenantKey === world.tenantKey && !d.deleted,
  );
  const byKey = new Map(depts.map((d) => [d.key, d]));
  const pathOf = (key: string): string =>
    store
      .ancestorsOf(key)
      .reverse()
      .map((k) => byKey.get(k)?.openDepartmentId ?? k)
      .map((id) => `/${id}`)
      .join('') + '/';
  const openOf = (key: string) => (key === '0' ? '0' : (byKey.get(key)?.openDepartmentId ?? key));
  return {
    departments: depts.map((d) => ({
      openId: d.openDepartmentId,
      name: d.name,
      parent: openOf(d.parentKey),
      path: pathOf(d.key),
      order: d.order,
    })),
    users: [...store.users.values()]
      .filter((u) => u.tenantKey === world.tenantKey && !u.deleted)
      .map((u) => ({
        id: randomUUID(),
        openId: `ou_${u.key}`,
        unionId: u.unionId,
        userId: u.userId,
        name: u.name,
        enName: u.enName,
        email: u.email,
        mobile: u.mobile,
        employeeNo: u.employeeNo,
        active: !u.status.is_frozen && !u.status.is_resigned,
        departments: u.orders.map((o) => ({
          openId: openOf(o.departmentKey),
          primary: o.isPrimary,
        })),
      })),
  };
}

const BATCH = 1000;

export async function writeOrg(db: Kysely<Database>, sourceId: string, org: OrgRows) {
  const now = new Date();
  for (let i = 0; i < org.departments.length; i += BATCH)
    await db
      .insertInto('directory_departments')
      .values(
        org.departments.slice(i, i + BATCH).map((d) => ({
          id: randomUUID(),
          source_id: sourceId,
          open_department_id: d.openId,
          department_id: null,
          name: d.name,
          i18n_name: json({}),
          parent_open_department_id: d.parent,
          path: d.path,
          leader_open_id: null,
          sort_order: d.order,
          status: 'active' as const,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })),
      )
      .execute();
  for (let i = 0; i < org.users.length; i += BATCH) {
    const batch = org.users.slice(i, i + BATCH);
    await db
      .insertInto('directory_users')
      .values(
        batch.map((u) => ({
          id: u.id,
          source_id: sourceId,
          open_id: u.openId,
          union_id: u.unionId,
          user_id: u.userId,
          username: u.userId,
          name: u.name,
          en_name: u.enName,
          email: u.email,
          mobile: u.mobile,
          employee_no: u.employeeNo,
          status: u.active ? ('active' as const) : ('disabled' as const),
          feishu_status: json({}),
          profile: json({}),
          attributes: json({ employee_no: u.employeeNo }),
          leader_open_id: null,
          source_updated_at: now,
          disabled_at: null,
          deleted_at: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await db
      .insertInto('directory_memberships')
      .values(
        batch.flatMap((u) =>
          u.departments.map((d) => ({
            source_id: sourceId,
            user_id: u.id,
            open_department_id: d.openId,
            is_primary: d.primary,
            user_order: 0,
            department_order: 0,
          })),
        ),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export interface ConsoleWorld {
  app: GatehouseApp;
  admin: Session;
  /** .../identity-sources/:id/directory */
  directory: string;
  tenantBase: string;
  close(): Promise<void>;
}

/** A control plane on `db` with a tenant, a source holding `org`, and its admin signed in. */
export async function consoleWorld(db: Kysely<Database>, org: OrgRows): Promise<ConsoleWorld> {
  const app = await buildApp({
    config: testConfig(),
    db,
    logger: createLogger({ level: 'silent' }),
    secretBox: new SecretBox(randomBytes(32)),
  });
  await app.ready();
  await app.services.admins.createWithActor(
    { type: 'system', id: null, label: 'bench', requestId: null, ip: null },
    { email: PLATFORM_EMAIL, name: 'Root', role: 'platform_admin', password: PLATFORM_PASSWORD },
  );
  const admin = await login(app, PLATFORM_EMAIL, PLATFORM_PASSWORD);
  const tenant = await admin.post(`${API}/tenants`, { name: 'bench-console' });
  if (tenant.statusCode !== 201) throw new Error(`tenant: ${tenant.body}`);
  const tenantBase = `${API}/tenants/${tenant.json().id}`;
  const source = await admin.post(`${tenantBase}/identity-sources`, sourceBody());
  if (source.statusCode !== 201) throw new Error(`source: ${source.body}`);
  await writeOrg(db, source.json().id, org);
  return {
    app,
    admin,
    directory: `${tenantBase}/identity-sources/${source.json().id}/directory`,
    tenantBase,
    close: () => app.close(),
  };
}
