// A whole employee sign-in on loopback, with the sandbox approving at once: from creating the
// login transaction to redeeming the handoff code. The sandbox's sign-in is driven with HTTP and
// its remembered-browser cookie ("Continue as", consent), no browser. Reported: the whole
// sign-in, and the control plane's own share (transaction, authorize redirect, callback with
// its Feishu token and user_info calls, handoff redemption). Sequential, one sign-in at a time.
// Args: [pglite|postgres|both, default both] [sign-ins, default 200]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest } from '../control-plane/storage/migrator.ts';
import { openDatabase } from '../control-plane/storage/open-database.ts';
import type { TestDatabase } from '../test/fixtures/db.ts';
import { FormBrowser, redeem, startTransaction } from '../test/fixtures/signin-client.ts';
import { startSignInHarness, type SignInHarness } from '../test/fixtures/signin-harness.ts';
import type { Bench, Figure } from './lib/figure.ts';
import { benchPostgres } from './lib/pg-cluster.ts';
import { percentile } from './lib/stats.ts';

async function database(engine: 'pglite' | 'postgres'): Promise<TestDatabase | undefined> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'gh-bench-pglite-'));
    const opened = await openDatabase({ engine: 'pglite', dataDir: dir });
    await migrateToLatest(opened.db);
    return {
      db: opened.db,
      engine,
      close: async () => {
        await opened.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const pg = await benchPostgres();
  if (!pg) return undefined;
  const opened = await openDatabase({ engine: 'postgres', url: pg.url });
  await migrateToLatest(opened.db);
  return {
    db: opened.db,
    engine,
    url: pg.url,
    close: async () => {
      await opened.close();
      await pg.close();
    },
  };
}

const txnOf = (html: string) => /name="txn" value="([^"]+)"/.exec(html)![1]!;

/** One sign-in; returns [whole, control plane's share] in ms. */
async function signIn(h: SignInHarness, browser: FormBrowser): Promise<[number, number]> {
  const sandbox = new URL(h.sandboxUrl).origin;
  let ours = 0;
  const timed = async <T>(f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const r = await f();
    ours += performance.now() - t;
    return r;
  };
  const t0 = performance.now();
  const txn = await timed(() =>
    startTransaction(h.baseUrl, { enterpriseId: h.tenant.verification_id, sourceId: h.source.id }),
  );
  const toFeishu = await timed(() => browser.request(txn.authorize_url));
  const page = await browser.request(toFeishu.location!);
  const tx = txnOf(page.body);
  await browser.request(`${sandbox}/open-apis/authen/v1/authorize/continue`, { form: { txn: tx } });
  const consent = await browser.request(`${sandbox}/open-apis/authen/v1/authorize/consent`, {
    form: { txn: tx, decision: 'allow' },
  });
  const back = await timed(() => browser.request(consent.location!));
  const code = new URL(back.location!).searchParams.get('code');
  if (!code) throw new Error(`refused: ${back.location}`);
  const tokens = await timed(() =>
    redeem(h.baseUrl, { code, verifier: txn.verifier, transactionId: txn.transaction_id }),
  );
  if (tokens.status !== 200) throw new Error(`redeem ${tokens.status}`);
  return [performance.now() - t0, ours];
}

async function measure(engine: 'pglite' | 'postgres', count: number): Promise<Figure[]> {
  const db = await database(engine);
  if (!db) {
    console.error(`${engine}: no PostgreSQL, skipped`);
    return [];
  }
  const h = await startSignInHarness(db, { org: 'small', logLevel: 'warn' });
  try {
    const browser = new FormBrowser();
    // The first sign-in with the password makes the sandbox remember the browser.
    const member = h.sample('member');
    const first = await startTransaction(h.baseUrl, {
      enterpriseId: h.tenant.verification_id,
      sourceId: h.source.id,
    });
    const page = await browser.follow(first.authorize_url);
    const tx = txnOf(page.body);
    const sandbox = new URL(h.sandboxUrl).origin;
    await browser.request(`${sandbox}/open-apis/authen/v1/authorize/login`, {
      form: { txn: tx, account: member.email, password: member.password },
    });
    for (let i = 0; i < 20; i++) await signIn(h, browser); // warm-up
    const whole: number[] = [];
    const ours: number[] = [];
    const deadline = performance.now() + 120_000;
    for (let i = 0; i < count && performance.now() < deadline; i++) {
      const [w, o] = await signIn(h, browser);
      whole.push(w);
      ours.push(o);
    }
    whole.sort((a, b) => a - b);
    ours.sort((a, b) => a - b);
    const n = whole.length;
    const tag = (m: string) => `${engine}_${m}`;
    return [
      { metric: tag('signin_p50'), value: percentile(whole, 50), unit: 'ms', n },
      { metric: tag('signin_p95'), value: percentile(whole, 95), unit: 'ms', n },
      { metric: tag('control_plane_p50'), value: percentile(ours, 50), unit: 'ms', n },
      { metric: tag('control_plane_p95'), value: percentile(ours, 95), unit: 'ms', n },
    ];
  } finally {
    await h.close();
    await db.close();
  }
}

const bench: Bench = {
  name: 'signin-broker',
  description:
    'Whole sign-in on loopback, sandbox approving at once (transaction -> handoff redeemed)',
  async run(args) {
    const which = args[0] ?? 'both';
    const count = Number(args[1] ?? 200);
    const figures: Figure[] = [];
    if (which !== 'postgres') figures.push(...(await measure('pglite', count)));
    if (which !== 'pglite') figures.push(...(await measure('postgres', count)));
    return figures;
  },
};
export default bench;
