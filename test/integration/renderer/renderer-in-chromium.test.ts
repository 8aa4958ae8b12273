// The built renderer in Debian's Chromium with its real CSP, against a scripted
// window.gatehouse: what jsdom cannot check. Colour contrast and the rest of axe-core in both
// languages and both colour schemes, no CSP violation, no request off the page's own origin,
// and the bundle's gzipped size against its 250 KB goal.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunch } from '../../../playwright.config.ts';
import type { AppStateSnapshot } from '../../../shared/ipc/contract.ts';
import { enrolled, failure, makeSnapshot, signedIn, source } from '../../unit/renderer/fake-api.ts';

const repo = join(import.meta.dirname, '../../..');
const axeSource = readFileSync(join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8');
/** Screenshots of every state, kept as CI artifacts (test-results/ is not committed). */
const SCREENS = join(repo, 'test-results/screens');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

let outDir: string;
let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'gatehouse-renderer-'));
  await build({
    configFile: join(repo, 'vite.renderer.config.ts'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  });
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // Chromium asks for a favicon on its own; the app has none to serve.
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const file = normalize(join(outDir, path === '/' ? 'index.html' : decodeURIComponent(path)));
    if (!file.startsWith(outDir + sep)) return void res.writeHead(403).end();
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch(chromiumLaunch);
  await mkdir(SCREENS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const states: Record<string, () => AppStateSnapshot> = {
  enroll: () =>
    makeSnapshot({
      enrollment: {
        status: 'error',
        error: failure('TENANT_NOT_FOUND', 'No such tenant.', 'Check the ID with IT.'),
      },
    }),
  'choose-source': () =>
    makeSnapshot(enrolled([source('s1', 'Employees'), source('s2', 'Contractors')])),
  'sign-in': () => makeSnapshot({ ...enrolled(), keychain: { available: false } }),
  waiting: () =>
    makeSnapshot({
      ...enrolled(),
      sign_in: { phase: 'waiting_browser', source_id: 's1', authorize_url: 'https://x.example' },
    }),
  'signed-in': () => signedIn(),
  offline: () =>
    signedIn({ connection: { status: 'offline' }, entitlements: { status: 'cached' } }),
  revoked: () => signedIn({ connection: { status: 'revoked' } }),
  error: () =>
    makeSnapshot({
      ...enrolled(),
      sign_in: {
        phase: 'error',
        error: failure('FEISHU_40004', 'The app lacks department permissions.', 'Widen its scope.'),
      },
    }),
};

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

// One page per language and colour scheme; each state is loaded from the query string by the
// scripted window.gatehouse (a fresh document each time, as the app would start).
async function openPage(locale: 'en' | 'zh-CN', colorScheme: 'light' | 'dark') {
  const context = await browser.newContext({
    locale,
    colorScheme,
    viewport: { width: 560, height: 720 },
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // A meta-delivered CSP cannot carry frame-ancestors; Chromium says so once. Not a violation.
    if (m.type() === 'error' && !m.text().includes('frame-ancestors')) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(origin)) problems.push(`off-origin request: ${r.url()}`);
  });
  // Browser-side code as text: this file is typechecked without the DOM library.
  await page.addInitScript({
    content: `(() => {
      const state = JSON.parse(new URLSearchParams(location.search).get('state') || 'null');
      const api = { invoke: () => Promise.resolve({ ok: true, value: state }), on: () => () => {} };
      Object.defineProperty(window, 'gatehouse', { value: api });
    })();`,
  });

  const visit = async (name: string, snapshot: AppStateSnapshot, openSettings = false) => {
    problems.length = 0;
    const state = JSON.stringify({ ...snapshot, app: { ...snapshot.app, locale } });
    await page.goto(`${origin}/?state=${encodeURIComponent(state)}`);
    await page.locator('h1').waitFor();
    if (openSettings) {
      await page.locator('header button').click();
      await page.locator('select').waitFor();
    }
    await page.screenshot({
      path: join(SCREENS, `renderer-${name}-${locale}-${colorScheme}.png`),
      fullPage: true,
    });
    // CDP evaluation is not subject to the page's CSP, so axe runs without loosening it.
    await page.evaluate(axeSource);
    const violations = (await page.evaluate(
      'axe.run(document).then((r) => r.violations)',
    )) as AxeViolation[];
    const lang = (await page.evaluate('document.documentElement.lang')) as string;
    return { problems: [...problems], violations, lang };
  };
  return { visit, close: () => context.close() };
}

describe('renderer in Chromium', () => {
  it('stays within the bundle size goal', () => {
    const assets = join(outDir, 'assets');
    const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(0);
    const gzipped = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0);
    expect(gzipped).toBeLessThanOrEqual(250 * 1024);
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`every screen passes axe (with contrast) in ${locale}, ${scheme}`, async () => {
        const runs = [
          ...Object.entries(states).map(([name, make]) => [name, make(), false] as const),
          ['settings', signedIn(), true] as const,
        ];
        const page = await openPage(locale, scheme);
        for (const [name, snapshot, settings] of runs) {
          const { problems, violations, lang } = await page.visit(name, snapshot, settings);
          expect(problems, name).toEqual([]);
          expect(lang, name).toBe(locale);
          const serious = violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          expect(serious, `${name}: ${serious.join('; ')}`).toEqual([]);
        }
        await page.close();
      }, 60_000);
    }
  }
});
