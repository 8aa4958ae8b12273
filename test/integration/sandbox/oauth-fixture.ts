// Shared set-up of the OAuth tests: a tiny generated world on 127.0.0.1 with redirect URLs
// registered, a cookie-keeping form client standing in for a browser without JavaScript, and
// helpers that walk the authorize pages to a code.
import { createHash, randomBytes } from 'node:crypto';
import { buildSandbox, type Sandbox } from '../../../sandbox/server.ts';
import type { Brand, SandboxApp, SandboxUser } from '../../../sandbox/org/types.ts';
import { worldUser, type WorldApp, type WorldUser } from '../../../sandbox/org/world.ts';

export const REDIRECT = 'https://gatehouse.example/callback';
export const REDIRECT_WITH_FRAGMENT = 'https://gatehouse.example/cb?from=sso#/login';

export interface OAuthEnv {
  sandbox: Sandbox;
  base: string;
  feishuApp: WorldApp;
  larkApp: WorldApp;
  otherApp: WorldApp;
  password: string;
  sample(role: string): WorldUser;
  userOf(sample: WorldUser): SandboxUser;
  appOf(app: WorldApp): SandboxApp;
  brandBase(brand: Brand): string;
  /** A new active user of the main tenant (a copy of the "member" sample), safe to mutate. */
  freshUser(tag: string): WorldUser;
  close(): Promise<void>;
}

let fresh = 0;

export async function startOAuthSandbox(extraRedirects: string[] = []): Promise<OAuthEnv> {
  const sandbox = await buildSandbox({ org: 'tiny', rateLimits: false });
  const base = await sandbox.listen();
  const { store } = sandbox.ctx;
  for (const app of store.apps.values()) {
    app.redirectUrls = [REDIRECT, REDIRECT_WITH_FRAGMENT, ...extraRedirects];
  }
  const byBrand = (brand: Brand, tenantKey: string) => {
    const app = sandbox.world.apps.find((a) => a.brand === brand && a.tenant_key === tenantKey);
    if (!app) throw new Error(`the world has no ${brand} app in ${tenantKey}`);
    return app;
  };
  const other = sandbox.world.tenants.find((t) => t.tenant_key !== sandbox.world.tenantKey);
  if (!other) throw new Error('the world has no second tenant');
  return {
    sandbox,
    base,
    feishuApp: byBrand('feishu', sandbox.world.tenantKey),
    larkApp: byBrand('lark', sandbox.world.tenantKey),
    otherApp: byBrand('feishu', other.tenant_key),
    password: sandbox.world.password,
    sample(role) {
      const u = sandbox.world.sampleUsers.find((s) => s.role === role);
      if (!u) throw new Error(`no sample user with role ${role}`);
      return u;
    },
    userOf(sample) {
      const u = store.userByUnionId(sample.union_id);
      if (!u) throw new Error(`no user ${sample.union_id}`);
      return u;
    },
    appOf(app) {
      return store.requireApp(app.app_id);
    },
    brandBase: (brand) => sandbox.ctx.brandUrl(brand),
    freshUser(tag) {
      const model = store.userByUnionId(
        sandbox.world.sampleUsers.find((u) => u.role === 'member')?.union_id ?? '',
      );
      if (!model) throw new Error('no member sample to copy');
      const { key: _k, unionId: _u, deleted: _d, updatedAt: _t, ...rest } = model;
      const serial = String(++fresh).padStart(4, '0');
      const user = store.addUser({
        ...structuredClone(rest),
        userId: `fresh-${tag}-${serial}`,
        email: `${tag}.${serial}@acme.example`,
        enterpriseEmail: `${tag}.${serial}@corp.acme.example`,
        mobile: `+86139000${serial}`,
        employeeNo: `F${serial}`,
      });
      return worldUser(store, user, tag);
    },
    close: () => sandbox.close(),
  };
}

/** A browser without JavaScript: follows nothing by itself, keeps cookies per name. */
export class FormClient {
  readonly cookies = new Map<string, string>();

  private cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  private keep(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || !value) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.keep(
      await fetch(url, { redirect: 'manual', headers: { ...this.cookieHeader(), ...headers } }),
    );
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    return this.keep(
      await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.cookieHeader() },
        body: new URLSearchParams(form).toString(),
      }),
    );
  }
}

export const txnOf = (html: string): string => {
  const m = /name="txn" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error(`no transaction in page: ${html.slice(0, 400)}`);
  return m[1];
};

export function authorizeUrl(
  base: string,
  params: Record<string, string | undefined>,
  path = '/open-apis/authen/v1/authorize',
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return `${base}${path}?${q.toString()}`;
}

export interface SignInOptions {
  account: string;
  password: string;
  decision?: 'allow' | 'deny';
  client?: FormClient;
}

/** Walks sign-in and consent; returns the final redirect (302 Location) and the client. */
export async function signInAndConsent(
  brandBase: string,
  url: string,
  opts: SignInOptions,
): Promise<{ location: string; client: FormClient }> {
  const client = opts.client ?? new FormClient();
  const page = await client.get(url);
  if (page.status !== 200) throw new Error(`authorize page ${page.status}: ${await page.text()}`);
  const txn = txnOf(await page.text());
  const login = await client.post(`${brandBase}/open-apis/authen/v1/authorize/login`, {
    txn,
    account: opts.account,
    password: opts.password,
  });
  if (login.status !== 303) throw new Error(`login ${login.status}: ${await login.text()}`);
  const consent = await client.get(new URL(login.headers.get('location') ?? '', brandBase).href);
  if (consent.status !== 200) throw new Error(`consent ${consent.status}`);
  await consent.text();
  const done = await client.post(`${brandBase}/open-apis/authen/v1/authorize/consent`, {
    txn,
    decision: opts.decision ?? 'allow',
  });
  if (done.status !== 302) throw new Error(`consent post ${done.status}: ${await done.text()}`);
  return { location: done.headers.get('location') ?? '', client };
}

export interface CodeOptions {
  app?: WorldApp;
  user?: WorldUser;
  scope?: string;
  state?: string;
  redirectUri?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

/** A fresh authorization code through the real pages. */
export async function codeFor(env: OAuthEnv, opts: CodeOptions = {}): Promise<string> {
  const app = opts.app ?? env.feishuApp;
  const user = opts.user ?? env.sample('member');
  const brandBase = env.brandBase(app.brand);
  const url = authorizeUrl(brandBase, {
    client_id: app.app_id,
    response_type: 'code',
    redirect_uri: opts.redirectUri ?? REDIRECT,
    scope: opts.scope,
    state: opts.state ?? 'st',
    code_challenge: opts.codeChallenge,
    code_challenge_method: opts.codeChallengeMethod,
  });
  const { location } = await signInAndConsent(brandBase, url, {
    account: user.email,
    password: user.password,
  });
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export async function getJson(
  url: string,
  token?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export function pkcePair(method: 'plain' | 'S256' = 'S256'): {
  verifier: string;
  challenge: string;
} {
  const verifier = randomBytes(48).toString('base64url');
  const challenge =
    method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return { verifier, challenge };
}

export const tokenUrl = (brandBase: string) => `${brandBase}/open-apis/authen/v2/oauth/token`;
