// Starts a sandbox on 127.0.0.1 with the hand-built test org next to the generated world, and
// gives plain-fetch helpers for the Open APIs: a token per app, GET/POST with a bearer token.
import { buildSandbox, type Sandbox } from '../../../sandbox/server.ts';
import type { ContactRange, SandboxApp } from '../../../sandbox/org/types.ts';
import { makeApp, populateTestOrg } from '../../unit/sandbox/openapi-test-world.ts';

export const ALL_CONTACT_SCOPES = [
  'contact:contact.base:readonly',
  'contact:department.base:readonly',
  'contact:department.organize:readonly',
  'contact:department.hrbp:readonly',
  'contact:user.base:readonly',
  'contact:user.department:readonly',
  'contact:user.employee:readonly',
  'contact:user.employee_id:readonly',
  'contact:user.email:readonly',
  'contact:user.phone:readonly',
  'contact:user.id:readonly',
  'application:application:self_manage',
];

export interface Answer {
  status: number;
  headers: Headers;
  body: {
    code: number;
    msg: string;
    data?: Record<string, unknown> & {
      items?: Record<string, unknown>[];
      has_more?: boolean;
      page_token?: string;
    };
    error?: Record<string, unknown> & { permission_violations?: { subject: string }[] };
    [k: string]: unknown;
  };
}

export async function startHarness(options: { rateLimits?: boolean } = {}) {
  const sb: Sandbox = await buildSandbox({ org: 'tiny', rateLimits: options.rateLimits ?? false });
  const base = await sb.listen(0);
  const org = populateTestOrg(sb.ctx.store);

  const addApp = (
    appId: string,
    scopes: string[] = ALL_CONTACT_SCOPES,
    range: ContactRange = { kind: 'all' },
    extra: Partial<SandboxApp> = {},
  ) => makeApp(sb.ctx.store, appId, scopes, range, extra);

  const call = async (
    method: string,
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
  };

  const tokenFor = async (app: SandboxApp, prefix = ''): Promise<string> => {
    const r = await call('POST', `${prefix}/open-apis/auth/v3/tenant_access_token/internal`, {
      body: { app_id: app.appId, app_secret: app.appSecret },
    });
    if (r.status !== 200 || typeof r.body.tenant_access_token !== 'string') {
      throw new Error(`no token: ${r.status} ${JSON.stringify(r.body)}`);
    }
    return r.body.tenant_access_token;
  };

  return {
    sb,
    base,
    org,
    store: sb.ctx.store,
    clock: sb.ctx.clock,
    addApp,
    call,
    tokenFor,
    get: (path: string, token?: string) => call('GET', path, { token }),
    close: () => sb.close(),
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
