// The console's directory pages on the 100k-user org: first pages, deep keyset pages, searches,
// department filters with and without the subtree, department children and search, one user
// and their entitlements, each kind a bounded series of admin API requests through the whole
// HTTP stack (app.inject: routing, session and CSRF checks, schemas, serialization), p50/p95
// per kind. Both engines are analyzed after the load: PostgreSQL as autovacuum would have done,
// PGlite (no autovacuum) as the control plane does after a sync (jobs/embedded-statistics.ts;
// the figures of 2026-11-22 named "pglite" before that were taken without statistics).
// Args: [engines, default postgres,pglite] [requests per kind, default 100].
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { encodeCursor } from '../control-plane/api/keyset-cursor.ts';
import { migrateToLatest } from '../control-plane/storage/migrator.ts';
import { openDatabase } from '../control-plane/storage/open-database.ts';
import { consoleWorld, largeOrgRows, type OrgRows } from './console-directory-world.ts';
import type { Bench, Figure } from './lib/figure.ts';
import { startBenchPostgres } from './lib/bench-postgres.ts';
import { boundedLoad, percentile } from './lib/stats.ts';

/** A small deterministic generator, so both engines get the same requests. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** URL makers per kind, given the request's index (same org, same seed: same URLs). */
function requestKinds(org: OrgRows, directory: string, tenantBase: string) {
  const random = rng(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const sorted = [...org.users].sort((a, b) => byteOrder(a.name, b.name) || (a.id < b.id ? -1 : 1));
  // Members per department, subtree included, to draw departments of every size.
  const below = new Map<string, number>();
  const pathOf = new Map(org.departments.map((d) => [d.openId, d.path]));
  for (const u of org.users)
    for (const d of u.departments)
      for (const id of (pathOf.get(d.openId) ?? '').split('/').filter(Boolean))
        below.set(id, (below.get(id) ?? 0) + 1);
  const bySize = [...org.departments].sort(
    (a, b) => (below.get(b.openId) ?? 0) - (below.get(a.openId) ?? 0),
  );
  // A third from the largest 2%, a third from the middle, a third anywhere.
  const department = (i: number) =>
    i % 3 === 0
      ? pick(bySize.slice(0, Math.ceil(bySize.length * 0.02)))
      : i % 3 === 1
        ? pick(bySize.slice(bySize.length / 4, bySize.length / 2))
        : pick(bySize);
  const deepCursor = () => {
    const u = sorted[Math.floor(sorted.length * (0.5 + random() * 0.49))]!;
    return encodeCursor([u.name, u.id]);
  };
  const q = (s: string) => encodeURIComponent(s);
  const users = `${directory}/users?page_size=50`;
  return {
    first_page: () => users,
    deep_keyset_page: () => `${users}&cursor=${deepCursor()}`,
    deep_keyset_active: () => `${users}&status=active&cursor=${deepCursor()}`,
    search_name_prefix: () =>
      `${users}&q=${q(pick(org.users).name.slice(0, 1 + Math.floor(random() * 2)))}`,
    search_email_prefix: () => `${users}&q=${q(pick(org.users).email.slice(0, 5))}`,
    search_mobile_prefix: () => `${users}&q=${q(pick(org.users).mobile.slice(0, -4))}`,
    search_exact_id: (i: number) =>
      `${users}&q=${q(i % 2 ? pick(org.users).userId : pick(org.users).openId)}`,
    department_subtree: (i: number) => `${users}&department_id=${department(i).openId}`,
    department_subtree_active: (i: number) =>
      `${users}&status=active&department_id=${department(i).openId}`,
    department_direct: (i: number) =>
      `${users}&subtree=false&department_id=${department(i).openId}`,
    department_search_in_subtree: (i: number) =>
      `${users}&department_id=${department(i).openId}&q=${q(pick(org.users).name.slice(0, 1))}`,
    department_children: (i: number) =>
      `${directory}/departments?parent_id=${i % 4 === 0 ? '0' : department(i).openId}`,
    department_name_search: () =>
      `${directory}/departments?q=${q(pick(org.departments).name.slice(0, 1))}`,
    user_detail: () => `${directory}/users/${pick(org.users).id}`,
    user_entitlements: () => `${tenantBase}/users/${pick(org.users).id}/entitlements`,
  } satisfies Record<string, (i: number) => string>;
}

const bench: Bench = {
  name: 'console-directory',
  description:
    'Console directory API on the 100k-user org: first/deep keyset pages, searches, department filters (subtree), user detail; p50/p95 per kind',
  async run(argv) {
    const engines = (argv[0] ?? 'postgres,pglite').split(',');
    const perKind = Number(argv[1] ?? 100);
    const t0 = performance.now();
    const org = await largeOrgRows();
    console.error(
      `org: ${org.users.length} users, ${org.departments.length} departments (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    const figures: Figure[] = [];
    for (const engine of engines) {
      let close: () => Promise<void>;
      let opened: Awaited<ReturnType<typeof openDatabase>>;
      if (engine === 'postgres') {
        const pg = await startBenchPostgres();
        if (!pg) {
          console.error('no PostgreSQL available: skipping it');
          continue;
        }
        opened = await openDatabase({ engine: 'postgres', url: pg.url, poolSize: 10 });
        close = pg.stop;
      } else if (engine === 'pglite') {
        const dir = mkdtempSync(join(tmpdir(), 'gh-bench-console-'));
        opened = await openDatabase({ engine: 'pglite', dataDir: dir });
        close = async () => rmSync(dir, { recursive: true, force: true });
      } else {
        throw new Error(`unknown engine ${engine}: postgres or pglite`);
      }
      try {
        await migrateToLatest(opened.db);
        const tw = performance.now();
        const world = await consoleWorld(opened.db, org);
        await sql`analyze`.execute(opened.db);
        console.error(
          `${engine}: directory written in ${((performance.now() - tw) / 1000).toFixed(1)} s`,
        );
        try {
          for (const [kind, url] of Object.entries(
            requestKinds(org, world.directory, world.tenantBase),
          )) {
            const urls = Array.from({ length: perKind }, (_, i) => url(i));
            // One warm-up request per kind: plans and caches as after the first click.
            await world.admin.get(urls[0]!);
            const r = await boundedLoad(
              async (i) => {
                const res = await world.admin.get(urls[i]!);
                if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${urls[i]}`);
              },
              { concurrency: 1, maxOps: perKind, maxMs: 120_000 },
            );
            const n = r.latenciesMs.length;
            figures.push(
              {
                metric: `${engine}_${kind}_p50`,
                value: percentile(r.latenciesMs, 50),
                unit: 'ms',
                n,
              },
              {
                metric: `${engine}_${kind}_p95`,
                value: percentile(r.latenciesMs, 95),
                unit: 'ms',
                n,
              },
            );
            if (r.errors)
              figures.push({
                metric: `${engine}_${kind}_errors`,
                value: r.errors,
                unit: 'count',
                n: perKind,
              });
            console.error(
              `  ${engine} ${kind}: p50 ${percentile(r.latenciesMs, 50).toFixed(1)} ms, p95 ${percentile(r.latenciesMs, 95).toFixed(1)} ms, errors ${r.errors}`,
            );
          }
        } finally {
          await world.close();
        }
      } finally {
        await opened.close();
        await close();
      }
    }
    return figures;
  },
};
export default bench;
