// The admin console against the real control plane (in process, listening on loopback, PGlite)
// with the Feishu/Lark sandbox as its Open Platform: what every test/e2e/console-*.e2e.ts uses.
// Also signs in through the console's own form, keeps screenshots of each page in both
// languages (test-results/console-screenshots/<lang>/<page>.png and attached to the report),
// and runs axe-core in the page (serious and critical violations fail the test).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { buildApp, type GatehouseApp } from '../../../control-plane/app.ts';
import { DEFAULT_CONSOLE_DIR } from '../../../control-plane/api/routes/console-routes.ts';
import { SecretBox } from '../../../control-plane/security/secret-box.ts';
import { buildSandbox, type Sandbox } from '../../../sandbox/server.ts';
import type { WorldApp } from '../../../sandbox/org/world.ts';
import { PLATFORM_EMAIL, PLATFORM_PASSWORD, testConfig } from '../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../fixtures/db.ts';
import { captureLogs } from '../../fixtures/log-capture.ts';
import { freePort } from '../../fixtures/signin-harness.ts';
import { ensureConsoleBuilt } from '../../../scripts/ensure-console-built.ts';

const REPO = resolve(import.meta.dirname, '..', '..', '..');
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface ConsoleHarness {
  baseUrl: string;
  app: GatehouseApp;
  database: TestDatabase;
  sandbox: Sandbox;
  sandboxUrl: string;
  /** The main tenant's Feishu app in the sandbox (app_id, app_secret, keys). */
  feishuApp: WorldApp;
  larkApp: WorldApp;
  admin: { email: string; password: string };
  /** Calls the sandbox's own admin API (/sandbox/...). */
  sandboxAdmin(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export async function startConsoleHarness(
  options: { org?: 'tiny' | 'small' } = {},
): Promise<ConsoleHarness> {
  // The test command builds first; a single test run on a fresh checkout builds it here.
  await ensureConsoleBuilt(DEFAULT_CONSOLE_DIR);
  const database = await engines[0]!.open();
  const sandbox = await buildSandbox({ org: options.org ?? 'small', rateLimits: false });
  const sandboxUrl = await sandbox.listen();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = testConfig({
    publicUrl: baseUrl,
    signIn: {
      feishu: { baseUrl: sandboxUrl },
      lark: { baseUrl: `${sandboxUrl}/lark` },
    },
    sync: { pacing: false, concurrency: 8, deleteGraceDays: 30, timeoutMs: 30_000 },
  });
  const app = await buildApp({
    config,
    db: database.db,
    logger: captureLogs('warn').logger,
    secretBox: new SecretBox(randomBytes(32)),
    jobs: { intervals: { eventsMs: 200, scheduleMs: 60_000, syncMs: 200 } },
  });
  await app.listen({ port, host: '127.0.0.1' });
  app.background.start();
  await app.services.admins.createWithActor(
    { type: 'system', id: null, label: 'test', requestId: null, ip: null },
    { email: PLATFORM_EMAIL, name: 'Root', role: 'platform_admin', password: PLATFORM_PASSWORD },
  );
  const appOf = (brand: 'feishu' | 'lark') =>
    sandbox.world.apps.find((a) => a.brand === brand && a.tenant_key === sandbox.world.tenantKey)!;
  return {
    baseUrl,
    app,
    database,
    sandbox,
    sandboxUrl,
    feishuApp: appOf('feishu'),
    larkApp: appOf('lark'),
    admin: { email: PLATFORM_EMAIL, password: PLATFORM_PASSWORD },
    async sandboxAdmin(method, path, body) {
      const res = await fetch(`${sandboxUrl}/sandbox${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? undefined : res.json();
    },
    async close() {
      await app.background.stop();
      const closing = app.close();
      const cut = setTimeout(() => app.server.closeAllConnections(), 5000);
      await closing.finally(() => clearTimeout(cut));
      await sandbox.close();
      await database.close();
    },
  };
}

/** The console in a language: sets the choice the language switcher stores, then opens it. */
export async function openConsole(page: Page, h: ConsoleHarness, language: Language, path = '') {
  await page.addInitScript((lng) => {
    if (!localStorage.getItem('gatehouse.console.language'))
      localStorage.setItem('gatehouse.console.language', lng);
  }, language);
  await page.goto(`${h.baseUrl}/console/${path}`);
}

/** Signs in through the console's form (the page must show it). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.locator('input[autocomplete="username"]').fill(email);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await expect(page.locator('.gh-shell')).toBeVisible();
}

/** Switches the language with the header's switcher. */
export async function switchLanguage(page: Page, language: Language): Promise<void> {
  await page.getByTestId('language-switcher').click();
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: language === 'en' ? 'English' : '简体中文' })
    .click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/** A full-page screenshot kept under test-results/console-screenshots/<lang>/<name>.png. */
export async function screenshot(
  page: Page,
  testInfo: TestInfo,
  language: Language,
  name: string,
): Promise<void> {
  const dir = join(REPO, 'test-results', 'console-screenshots', language);
  await mkdir(dir, { recursive: true });
  // The pointer off the page (no hover colours) and antd's motion settled: the picture and the
  // contrast check see the page at rest.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  const body = await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
  await testInfo.attach(`${language}-${name}`, { body, contentType: 'image/png' });
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core in the page (evaluated over the DevTools protocol, so the page's CSP stays as it is);
 * serious and critical violations fail.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (o: unknown) => Promise<unknown> } }).axe;
    const result = (await axe.run({ resultTypes: ['violations'] })) as {
      violations: AxeViolation[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `${what}: ${JSON.stringify(bad, null, 1)}`).toEqual([]);
}

/** Screenshot + accessibility check of the page as it is now. */
export async function checkPage(
  page: Page,
  testInfo: TestInfo,
  language: Language,
  name: string,
): Promise<void> {
  await screenshot(page, testInfo, language, name);
  await expectAccessible(page, `${language} ${name}`);
}

/** Scripts the page's CSP refused (a broken console); styles are reported by Chromium too. */
export function watchCspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (text.includes('Content Security Policy') && text.includes('script')) seen.push(text);
  });
  return seen;
}
