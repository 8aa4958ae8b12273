// What the console walks that browse a directory start from: a tenant with one identity source
// whose directory holds the given rows (as a sync leaves them), and live client sessions of its
// people (as a sign-in leaves them).
import { API, login, sourceBody, type Session } from '../../fixtures/control-plane-app.ts';
import {
  seedDirectory,
  type SeedDepartment,
  type SeedUser,
} from '../../fixtures/directory-rows.ts';
import type { ConsoleHarness } from './harness.ts';

export interface DirectoryWorld {
  admin: Session;
  tenantId: string;
  sourceId: string;
  /** Directory user id by open_id. */
  users: Map<string, string>;
}

export async function tenantWithDirectory(
  h: ConsoleHarness,
  tenantName: string,
  departments: SeedDepartment[],
  users: SeedUser[],
): Promise<DirectoryWorld> {
  const admin = await login(h.app, h.admin.email, h.admin.password);
  const tenantId = (await admin.post(`${API}/tenants`, { name: tenantName })).json().id as string;
  const sourceId = (
    await admin.post(`${API}/tenants/${tenantId}/identity-sources`, sourceBody())
  ).json().id as string;
  const ids = await seedDirectory(h.database.db, sourceId, departments, users);
  return { admin, tenantId, sourceId, users: ids };
}

/** A live client session of the person with this open_id; its id. */
export async function clientSession(
  h: ConsoleHarness,
  world: DirectoryWorld,
  openId: string,
  device: { name: string; os: string; ip: string },
): Promise<string> {
  const signIn = h.app.services.signIn;
  const key = await signIn.keys.signingKey();
  const issued = await h.database.db.transaction().execute((trx) =>
    signIn.sessions.createIn(
      trx,
      {
        tenantId: world.tenantId,
        sourceId: world.sourceId,
        userId: world.users.get(openId)!,
        device: {
          id: `dev-${Math.random()}`,
          name: device.name,
          os: device.os,
          app_version: '0.1.0',
        },
        ip: device.ip,
        userAgent: 'e2e',
      },
      key,
    ),
  );
  return issued.sessionId;
}
