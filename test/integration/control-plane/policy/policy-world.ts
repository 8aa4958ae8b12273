// A tenant with an identity source and a small org for the policy and gateway tests, and a way
// to start a client session for a directory user without a browser sign-in (the session
// module's own createIn, so the token and the live state are the real ones).
import type { TestApp, Session } from '../../../fixtures/control-plane-app.ts';
import {
  API,
  loginPlatform,
  sourceBody,
  tenantWithAdmin,
} from '../../../fixtures/control-plane-app.ts';
import { seedDirectory } from '../../../fixtures/directory-rows.ts';
import type { TestDatabase } from '../../../fixtures/db.ts';

// Root
// ├── od-eng  Engineering   (alice)
// │   └── od-be  Backend    (bob)
// └── od-ops  Operations    (carol)
export const DEPARTMENTS = [
  { id: 'od-eng', name: 'Engineering', parent: '0' },
  { id: 'od-ops', name: 'Operations', parent: '0' },
  { id: 'od-be', name: 'Backend', parent: 'od-eng' },
];
const USERS = [
  { openId: 'ou_alice', name: 'Alice', email: 'alice@corp.example', departments: ['od-eng'] },
  { openId: 'ou_bob', name: 'Bob', email: 'bob@corp.example', departments: ['od-be'] },
  { openId: 'ou_carol', name: 'Carol', email: 'carol@corp.example', departments: ['od-ops'] },
];

export interface PolicyWorld {
  platform: Session;
  tenantId: string;
  sourceId: string;
  admin: Session;
  /** directory user ids by first name (alice, bob, carol). */
  users: Record<'alice' | 'bob' | 'carol', string>;
  base: string;
}

export async function policyWorld(t: TestApp, database: TestDatabase): Promise<PolicyWorld> {
  const platform = await loginPlatform(t.app);
  const { tenant, session: admin } = await tenantWithAdmin(t.app, platform);
  const s = await platform.post(
    `${API}/tenants/${tenant.id}/identity-sources`,
    sourceBody({ auto_sync: false }),
  );
  if (s.statusCode !== 201) throw new Error(`source: ${s.body}`);
  const sourceId = (s.json() as { id: string }).id;
  const ids = await seedDirectory(database.db, sourceId, DEPARTMENTS, USERS);
  return {
    platform,
    admin,
    tenantId: tenant.id,
    sourceId,
    users: { alice: ids.get('ou_alice')!, bob: ids.get('ou_bob')!, carol: ids.get('ou_carol')! },
    base: `${API}/tenants/${tenant.id}`,
  };
}

/** A live client session of the user: its access token and session id. */
export async function clientSession(
  t: TestApp,
  database: TestDatabase,
  w: PolicyWorld,
  userId: string,
  os = 'Linux 6.1',
): Promise<{ token: string; sessionId: string }> {
  const signIn = t.app.services.signIn;
  const key = await signIn.keys.signingKey();
  const issued = await database.db.transaction().execute((trx) =>
    signIn.sessions.createIn(
      trx,
      {
        tenantId: w.tenantId,
        sourceId: w.sourceId,
        userId,
        device: {
          id: `dev-${userId.slice(0, 8)}-${Math.random()}`,
          name: 'Laptop',
          os,
          app_version: '0.1.0',
        },
        ip: '127.0.0.1',
        userAgent: 'test',
      },
      key,
    ),
  );
  return { token: issued.accessToken, sessionId: issued.sessionId };
}

/** Moves a user to other departments the way a committed directory change does, with its signal. */
export async function moveUser(
  t: TestApp,
  database: TestDatabase,
  w: PolicyWorld,
  userId: string,
  departments: string[],
): Promise<void> {
  const db = database.db;
  const version = await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('directory_memberships').where('user_id', '=', userId).execute();
    await trx
      .insertInto('directory_memberships')
      .values(
        departments.map((d, i) => ({
          source_id: w.sourceId,
          user_id: userId,
          open_department_id: d,
          is_primary: i === 0,
          user_order: 0,
          department_order: 0,
        })),
      )
      .execute();
    const row = await trx
      .updateTable('identity_sources')
      .set((eb) => ({ directory_version: eb('directory_version', '+', 1) }))
      .where('id', '=', w.sourceId)
      .returning('directory_version')
      .executeTakeFirstOrThrow();
    return Number(row.directory_version);
  });
  await t.app.directorySignals.onUserAttributesChanged(userId, {
    tenantId: w.tenantId,
    sourceId: w.sourceId,
    directoryVersion: version,
  });
}

export const appBody = (name: string, host: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: `${name} app`,
  addresses: [{ host, ports: '80,443', protocol: 'tcp' }],
  portal_url: `https://${host}/`,
  tags: ['internal'],
  ...extra,
});

export const allowDepartment = (
  name: string,
  department: string,
  applications: string[],
  priority = 100,
  extra: Record<string, unknown> = {},
) => ({
  name,
  priority,
  action: 'allow',
  subjects: { departments: [{ id: department, include_sub_departments: true }] },
  resources: { applications },
  ...extra,
});
