// The demo's servers in one process: the Feishu/Lark sandbox with a sample org, and the control
// plane on an embedded database configured for the sandbox tenant (a tenant, an identity source
// for the sandbox's Feishu app with its secrets and the sandbox base URLs, the control plane's
// callback registered on the app, the connectivity test and a first sync). Used by
// scripts/demo.ts, the Playwright tests and the client benchmarks.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type GatehouseApp } from '../control-plane/app.ts';
import { createAdminService } from '../control-plane/admins/admin-service.ts';
import { bootstrapAdmin } from '../control-plane/auth/bootstrap-admin.ts';
import { systemClock } from '../control-plane/clock.ts';
import type { AppConfig } from '../control-plane/config/config-schema.ts';
import { loadConfig } from '../control-plane/config/load-config.ts';
import { createLogger } from '../control-plane/observability/logger.ts';
import { openRuntime, type Runtime } from '../control-plane/runtime.ts';
import { buildSandbox, type Sandbox } from '../sandbox/server.ts';

export const DEMO_ADMIN = { email: 'admin@gatehouse.local', password: 'sandbox-demo-pass-2026' };
const ADMIN_API = '/api/v1/admin';

export interface DemoStackOptions {
  org?: string;
  seed?: number;
  sandboxPort?: number;
  controlPlanePort?: number;
  /** Sandbox and control-plane rate limits (on for a demo, off for tests and benchmarks). */
  rateLimits?: boolean;
  logLevel?: string;
  /** Called with each set-up step's outcome, for the demo's printout. */
  onStep?: (step: string, ok: boolean, note?: string) => void;
}

export interface DemoStack {
  sandbox: Sandbox;
  sandboxUrl: string;
  app: GatehouseApp;
  controlPlaneUrl: string;
  tenant: { id: string; name: string; verification_id: string };
  source: { id: string; name: string; description: string };
  notes: string[];
  admin: typeof DEMO_ADMIN;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const a = probe.address();
      probe.close(() =>
        a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port')),
      );
    });
  });
}

async function portOrFree(wanted: number | undefined): Promise<number> {
  if (!wanted) return freePort();
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => void freePort().then(resolve));
    probe.listen(wanted, '127.0.0.1', () => probe.close(() => resolve(wanted)));
  });
}

export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const step = options.onStep ?? (() => undefined);
  const notes: string[] = [];
  const sandbox = await buildSandbox({
    org: options.org ?? 'small',
    seed: options.seed ?? 1,
    rateLimits: options.rateLimits ?? true,
  });
  const sandboxUrl = await sandbox.listen(await portOrFree(options.sandboxPort));
  const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-demo-'));
  const port = await portOrFree(options.controlPlanePort);
  const controlPlaneUrl = `http://127.0.0.1:${port}`;
  const generous = options.rateLimits === false;
  const env: Record<string, string> = {
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_PORT: String(port),
    GATEHOUSE_PUBLIC_URL: controlPlaneUrl,
    GATEHOUSE_FEISHU_BASE_URL: sandboxUrl,
    GATEHOUSE_LARK_BASE_URL: `${sandboxUrl}/lark`,
    GATEHOUSE_LOG_LEVEL: options.logLevel ?? 'warn',
    GATEHOUSE_FEISHU_PACING: 'false',
    ...(generous
      ? {
          GATEHOUSE_SIGNIN_PER_IP_PER_MINUTE: '100000',
          GATEHOUSE_TOKEN_PER_IP_PER_MINUTE: '1000000',
          GATEHOUSE_TENANT_LOOKUP_PER_IP_PER_MINUTE: '10000',
          GATEHOUSE_LOGIN_PER_IP_PER_MINUTE: '10000',
        }
      : {}),
  };
  const parsed = loadConfig({ env, defaultDataDir: dataDir });
  let runtime: Runtime | undefined;
  let app: GatehouseApp | undefined;
  const close = async () => {
    await app?.close();
    await runtime?.close();
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    runtime = await openRuntime(parsed, () => systemClock.now());
    const config: AppConfig = { ...parsed, port, publicUrl: controlPlaneUrl };
    // The callback's limit has no variable; tests and benchmarks sign in more than 60 times a minute.
    if (generous) config.signIn = { ...config.signIn, callbackPerIpPerMinute: 100_000 };
    await bootstrapAdmin({
      db: runtime.db,
      admins: createAdminService({ db: runtime.db, clock: systemClock }),
      email: DEMO_ADMIN.email,
      password: DEMO_ADMIN.password,
    });
    app = await buildApp({
      config,
      db: runtime.db,
      logger: createLogger({ level: config.logLevel }),
      secretBox: runtime.secretBox,
    });
    await app.listen({ host: '127.0.0.1', port });
    app.background.start();
    step('control plane', true, controlPlaneUrl);

    const admin = await adminSession(app);
    const feishuApp = sandbox.world.apps.find(
      (a) => a.brand === 'feishu' && a.tenant_key === sandbox.world.tenantKey,
    );
    if (!feishuApp) throw new Error('the sandbox has no Feishu app for its main tenant');
    const callback = `${controlPlaneUrl}/api/v1/auth/feishu/callback`;
    for (const a of sandbox.ctx.store.apps.values())
      if (a.appId === feishuApp.app_id)
        a.redirectUrls = [...new Set([...a.redirectUrls, callback])];
    step('redirect URL registered on the sandbox app', true, callback);

    const tenant = (await admin.call('POST', `${ADMIN_API}/tenants`, {
      name:
        sandbox.world.tenants.find((t) => t.tenant_key === sandbox.world.tenantKey)?.name ??
        'Acme (sandbox)',
    })) as DemoStack['tenant'];
    step('tenant', true, tenant.name);
    const source = (await admin.call('POST', `${ADMIN_API}/tenants/${tenant.id}/identity-sources`, {
      name: 'feishu-sandbox',
      description: `使用飞书登录 ${tenant.name} · Sign in with Feishu`,
      app_id: feishuApp.app_id,
      app_secret: feishuApp.app_secret,
      brand: 'feishu',
      auto_sync: false,
    })) as DemoStack['source'];
    step('identity source', true, source.name);

    const base = `${ADMIN_API}/tenants/${tenant.id}/identity-sources/${source.id}`;
    const test = await admin.raw('POST', `${base}/connectivity-test`, {});
    if (test.status === 404) notes.push('connectivity test API not available: skipped');
    step('connectivity test', test.status === 200, `HTTP ${test.status}`);
    const sync = await admin.raw('POST', `${base}/sync`, {});
    if (sync.status === 404) notes.push('sync API not available: the directory stays empty');
    else if (sync.status < 300) {
      const outcome = await waitForSync(admin, base);
      if (outcome !== 'succeeded') notes.push(`first sync ended as ${outcome}`);
      step('first sync', outcome === 'succeeded', outcome);
    } else {
      notes.push(`first sync refused: HTTP ${sync.status} ${sync.body.slice(0, 200)}`);
      step('first sync', false, `HTTP ${sync.status}`);
    }
    return {
      sandbox,
      sandboxUrl,
      app,
      controlPlaneUrl,
      tenant,
      source,
      notes,
      admin: DEMO_ADMIN,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

interface AdminSession {
  raw(method: string, url: string, body?: unknown): Promise<{ status: number; body: string }>;
  call(method: string, url: string, body?: unknown): Promise<unknown>;
}

async function adminSession(app: GatehouseApp): Promise<AdminSession> {
  const res = await app.inject({
    method: 'POST',
    url: `${ADMIN_API}/auth/login`,
    payload: DEMO_ADMIN,
  });
  if (res.statusCode !== 200) throw new Error(`admin login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'gatehouse_admin_session');
  const csrf = (res.json() as { csrf_token: string }).csrf_token;
  const raw: AdminSession['raw'] = async (method, url, body) => {
    const r = await app.inject({
      method: method as 'GET',
      url,
      headers: { cookie: `gatehouse_admin_session=${cookie?.value}`, 'x-csrf-token': csrf },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    return { status: r.statusCode, body: r.body };
  };
  return {
    raw,
    async call(method, url, body) {
      const r = await raw(method, url, body);
      if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${r.body.slice(0, 300)}`);
      return JSON.parse(r.body) as unknown;
    },
  };
}

async function waitForSync(admin: AdminSession, base: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const r = await admin.raw('GET', `${base}/sync-runs`);
    if (r.status !== 200) return `runs list HTTP ${r.status}`;
    const page = JSON.parse(r.body) as { items?: Array<{ status: string; id: string }> };
    const latest = page.items?.[0];
    if (latest && !['queued', 'running'].includes(latest.status)) return latest.status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return 'timed out';
}
