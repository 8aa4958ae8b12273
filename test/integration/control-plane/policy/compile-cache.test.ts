// The per-tenant compile cache: one compiled set while nothing changes, a shared rebuild for
// concurrent readers, and a new set as soon as the policy revision, a source's directory version
// or the tenant's time zone moves (whoever made the change, e.g. another replica).
import { beforeAll, describe, expect, it } from 'vitest';
import { createCompileCache } from '../../../../control-plane/policy/compile-cache.ts';
import { useTestApp } from '../../../fixtures/control-plane-suite.ts';
import { engines } from '../../../fixtures/db.ts';
import { appBody, policyWorld, type PolicyWorld } from './policy-world.ts';

describe.each(engines)('compile cache ($name)', (engine) => {
  const { database, t } = useTestApp(engine, { login: false });
  let w: PolicyWorld;
  beforeAll(async () => {
    w = await policyWorld(t, database);
  });

  it('keeps one set until the stamp moves, and shares concurrent rebuilds', async () => {
    // A cache of its own: a second replica that did not make the changes.
    const cache = createCompileCache({ db: database.db });
    const [a, b] = await Promise.all([cache.current(w.tenantId), cache.current(w.tenantId)]);
    expect(a).toBe(b);
    expect(await cache.current(w.tenantId)).toBe(a);

    const made = await w.admin.post(`${w.base}/applications`, appBody('New', 'new.corp.example'));
    expect(made.statusCode).toBe(201);
    const afterPolicy = await cache.current(w.tenantId);
    expect(afterPolicy).not.toBe(a);
    expect(afterPolicy.applications.map((x) => x.name)).toContain('New');

    await database.db
      .updateTable('identity_sources')
      .set((eb) => ({ directory_version: eb('directory_version', '+', 1) }))
      .where('id', '=', w.sourceId)
      .execute();
    const afterDirectory = await cache.current(w.tenantId);
    expect(afterDirectory).not.toBe(afterPolicy);

    await database.db
      .updateTable('tenants')
      .set({ time_zone: 'Europe/Berlin' })
      .where('id', '=', w.tenantId)
      .execute();
    const afterZone = await cache.current(w.tenantId);
    expect(afterZone).not.toBe(afterDirectory);
    expect(afterZone.timeZone).toBe('Europe/Berlin');
    expect(await cache.current(w.tenantId)).toBe(afterZone);
  });

  it('answers TENANT_NOT_FOUND for a tenant that does not exist', async () => {
    const cache = createCompileCache({ db: database.db });
    await expect(cache.current('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'TENANT_NOT_FOUND',
    });
  });
});
