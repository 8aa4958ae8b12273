// Org change to enforcement in the client's proxy, end to end (issue 6: p99 at most 1 s): the
// sandbox moves a signed-in member between departments A and B and sends Feishu's contact event
// to the control plane, which applies it, recomputes the member's entitlements and pushes
// entitlements-changed; the real client core fetches the new list and hands it to its local
// proxy. Each move is timed from just before the sandbox's admin call (which emits the event)
// to the moment the proxy's enforcer holds the new list (the client's ProxyEnforcement reports
// the change); every flip is then checked with real requests through the proxy (A and B over
// HTTP). Sandbox, control plane and client in one process on loopback, as in the e2e test.
// Args: [pglite|postgres, default pglite] [moves, default 50]
import {
  startOrgEnforcement,
  type OrgEnforcement,
} from '../test/integration/client-proxy/support/org-enforcement.ts';
import type { Bench, Figure } from './lib/figure.ts';
import { percentile } from './lib/stats.ts';
import { openBenchDatabase } from './lib/bench-database.ts';

const MAX_MOVES = 500;
/** A move not enforced after this long counts as missed (and the run goes on). */
const MISS_AFTER_MS = 10_000;

/** Resolves when the client's proxy enforces a list that allows `app` (A or B) and not the other. */
function enforced(w: OrgEnforcement, app: 'App A' | 'App B'): Promise<number> {
  const enforcement = w.client.core.enforcement;
  const holds = () => {
    const names = w.client.core.snapshot().entitlements.applications.map((a) => a.name);
    return enforcement.view().mode === 'entitlements' && names.length === 1 && names[0] === app;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      enforcement.off('change', check);
      reject(new Error(`not enforced within ${MISS_AFTER_MS} ms`));
    }, MISS_AFTER_MS);
    const check = () => {
      if (!holds()) return;
      const at = performance.now();
      clearTimeout(timer);
      enforcement.off('change', check);
      resolve(at);
    };
    enforcement.on('change', check);
  });
}

const bench: Bench = {
  name: 'org-change-to-proxy',
  description:
    'Department move in the sandbox -> event -> entitlements -> push -> client proxy enforcing',
  async run(args) {
    const engine = args[0] ?? 'pglite';
    const moves = Math.min(MAX_MOVES, Math.max(1, Number(args[1] ?? 50)));
    const db = await openBenchDatabase(engine);
    const w = await startOrgEnforcement(db, { logLevel: 'warn' });
    try {
      const delays: number[] = [];
      let missed = 0;
      let wrong = 0;
      for (let i = 0; i < moves; i++) {
        const toB = i % 2 === 0;
        const flipped = enforced(w, toB ? 'App B' : 'App A');
        const t0 = performance.now();
        await w.moveTo(toB ? w.deptB : w.deptA);
        try {
          delays.push((await flipped) - t0);
        } catch {
          missed++;
          continue;
        }
        // The proxy itself must now answer the new way (not timed).
        const [a, b] = [(await w.get('A')).status, (await w.get('B')).status];
        if (a !== (toB ? 403 : 200) || b !== (toB ? 200 : 403)) wrong++;
      }
      delays.sort((x, y) => x - y);
      const n = delays.length;
      const figures: Figure[] = [
        { metric: `${engine}_move_to_proxy_p50`, value: percentile(delays, 50), unit: 'ms', n },
        { metric: `${engine}_move_to_proxy_p99`, value: percentile(delays, 99), unit: 'ms', n },
        {
          metric: `${engine}_move_to_proxy_max`,
          value: delays.at(-1) ?? Number.NaN,
          unit: 'ms',
          n,
        },
        { metric: `${engine}_missed`, value: missed, unit: 'count', n: moves },
        { metric: `${engine}_wrong_answers`, value: wrong, unit: 'count', n },
      ];
      return figures;
    } finally {
      await w.close();
      await db.close();
    }
  },
};
export default bench;
