// What the control plane does for clients after an admin saves a policy: recompile the tenant,
// diff every live-session user's entitlements before and after (users read from the database
// in batches), and announce the changed ones (entitlement version bump + entitlements-changed
// on each live session, one transaction per user, the sessions module's path). Embedded
// PGlite in memory; args: [live users, default 20000] [one-by-one sample, default 200].
// Method: seed users, memberships and one live session each; warm the service once; change one
// policy in the store (so only the refresh is timed); time refreshTenant with a counting
// announcer; then time the batched announcement of every changed user, and the one-user path
// of the sessions module on a sample for comparison.
import { randomUUID } from 'node:crypto';
import type { Bench, Figure } from './lib/figure.ts';
import { createEntitlementAnnouncer } from '../control-plane/policy/announce-entitlements.ts';
import { createCompileCache } from '../control-plane/policy/compile-cache.ts';
import { createEntitlementsService } from '../control-plane/policy/entitlements-service.ts';
import { bumpPolicyRevision, insertPolicy } from '../control-plane/policy/policy-store.ts';
import { json } from '../control-plane/storage/schema.ts';
import { policySchema, applicationSchema } from '../shared/domain/policy/index.ts';
import { insertApplication } from '../control-plane/policy/policy-store.ts';
import { startTestApp } from '../test/fixtures/control-plane-app.ts';
import { engines } from '../test/fixtures/db.ts';
import { policyWorld } from '../test/integration/control-plane/policy/policy-world.ts';

const DEPARTMENTS = 200;

const bench: Bench = {
  name: 'entitlements-refresh',
  description: 'Policy change to announced clients: diff of N live users, announcement cost',
  async run(args) {
    const users = Number(args[0] ?? 20_000);
    const sample = Number(args[1] ?? 200);
    const database = await engines[0]!.open();
    const t = await startTestApp(database);
    try {
      const w = await policyWorld(t, database);
      const db = database.db;
      const now = new Date();
      const depts = Array.from({ length: DEPARTMENTS }, (_, i) => ({
        id: `od-b${i}`,
        parent: i < 10 ? 'od-eng' : `od-b${i % 10}`,
      }));
      await db
        .insertInto('directory_departments')
        .values(
          depts.map((d, i) => ({
            id: randomUUID(),
            source_id: w.sourceId,
            open_department_id: d.id,
            department_id: null,
            name: d.id,
            i18n_name: json({}),
            parent_open_department_id: d.parent,
            path: d.parent === 'od-eng' ? `/od-eng/${d.id}/` : `/od-eng/${d.parent}/${d.id}/`,
            leader_open_id: null,
            sort_order: i,
            status: 'active' as const,
            created_at: now,
            updated_at: now,
            deleted_at: null,
          })),
        )
        .execute();
      for (let start = 0; start < users; start += 2000) {
        const batch = Array.from({ length: Math.min(2000, users - start) }, (_, k) => {
          const i = start + k;
          return { id: randomUUID(), i, dept: depts[i % DEPARTMENTS]!.id };
        });
        await db
          .insertInto('directory_users')
          .values(
            batch.map((u) => ({
              id: u.id,
              source_id: w.sourceId,
              open_id: `ou_b${u.i}`,
              union_id: `on_b${u.i}`,
              user_id: null,
              username: null,
              name: `User ${u.i}`,
              en_name: null,
              email: null,
              mobile: null,
              employee_no: null,
              status: 'active' as const,
              feishu_status: json({}),
              profile: json({}),
              attributes: json({ city: u.i % 2 ? 'Shanghai' : 'Beijing' }),
              leader_open_id: null,
              source_updated_at: null,
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
            batch.map((u) => ({
              source_id: w.sourceId,
              user_id: u.id,
              open_department_id: u.dept,
              is_primary: true,
              user_order: 0,
              department_order: 0,
            })),
          )
          .execute();
        await db
          .insertInto('client_sessions')
          .values(
            batch.map((u) => ({
              id: randomUUID(),
              tenant_id: w.tenantId,
              source_id: w.sourceId,
              user_id: u.id,
              device_id: `dev-${u.i}`,
              device_name: 'Laptop',
              device_os: 'Linux',
              app_version: '0.1.0',
              ip: null,
              user_agent: null,
              created_at: now,
              last_seen_at: now,
              expires_at: new Date(now.getTime() + 86_400_000),
              revoked_at: null,
              revoked_reason: null,
              revoked_by: null,
            })),
          )
          .execute();
      }
      const apps = ['wiki', 'ci', 'crm'].map((name) =>
        applicationSchema.parse({
          id: name,
          name,
          addresses: [{ host: `${name}.corp.example` }],
        }),
      );
      for (const a of apps) await insertApplication(db, w.tenantId, a, now);
      await insertPolicy(
        db,
        w.tenantId,
        policySchema.parse({
          id: 'eng-wiki',
          name: 'Engineering wiki',
          priority: 100,
          action: 'allow',
          subjects: { departments: [{ id: 'od-eng' }] },
          resources: { applications: ['wiki'] },
        }),
        now,
      );
      await bumpPolicyRevision(db, w.tenantId, now);

      let counted = 0;
      const cache = createCompileCache({ db });
      const service = createEntitlementsService({
        db,
        clock: { now: () => new Date() },
        cache,
        announce: async (_tenant, ids) => void (counted += ids.length),
      });
      await service.refreshTenant(w.tenantId);
      counted = 0;

      // Half the org (Shanghai) gets CI.
      await insertPolicy(
        db,
        w.tenantId,
        policySchema.parse({
          id: 'sh-ci',
          name: 'Shanghai CI',
          priority: 50,
          action: 'allow',
          subjects: { all_users: true, attributes: [{ key: 'city', op: 'eq', value: 'Shanghai' }] },
          resources: { applications: ['ci'] },
        }),
        now,
      );
      await bumpPolicyRevision(db, w.tenantId, now);
      const t0 = performance.now();
      const out = await service.refreshTenant(w.tenantId);
      const t1 = performance.now();

      // The batched announcer the service uses, for every changed user...
      const announcer = createEntitlementAnnouncer({
        db,
        clock: { now: () => new Date() },
        publish: (ids) => t.app.services.signIn.revoker.publish(ids),
      });
      const t2 = performance.now();
      const told = await announcer(w.tenantId, out.announced);
      const t3 = performance.now();
      // ...and, for comparison, the sessions module's one-user path on a sample.
      const revocation = t.app.services.signIn.revocation;
      const picked = out.announced.slice(0, sample);
      const t4 = performance.now();
      for (const id of picked) await revocation.entitlementsChanged(id);
      const t5 = performance.now();
      const figures: Figure[] = [
        { metric: 'live_users', value: users + 3, unit: 'count', n: 1 },
        { metric: 'changed_users', value: out.announced.length, unit: 'count', n: 1 },
        { metric: 'refresh_diff', value: (t1 - t0) / 1000, unit: 's', n: users },
        { metric: 'announce_batched_all', value: (t3 - t2) / 1000, unit: 's', n: told },
        {
          metric: 'announce_one_by_one_per_user',
          value: picked.length ? (t5 - t4) / picked.length : 0,
          unit: 'ms',
          n: picked.length,
        },
      ];
      return figures;
    } finally {
      await t.close();
      await database.close();
    }
  },
};
export default bench;
