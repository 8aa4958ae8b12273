// The whole enforcement path for the end-to-end test and the org-change bench: the sandbox as
// Feishu (pushing contact events to the control plane's event endpoint), the control plane on
// loopback, and a real client core signed in as a sample member, its local proxy in front of two
// local HTTP apps A and B on 127.0.0.1. Policies: the member's department may open A, another
// department B, and a catch-all deny names itself for everyone else.
import type { ClientCoreDeps } from '../../../../main/core/client-core.ts';
import { API } from '../../../fixtures/control-plane-app.ts';
import type { TestDatabase } from '../../../fixtures/db.ts';
import { startSignInHarness, type SignInHarness } from '../../../fixtures/signin-harness.ts';
import { createTestClient, waitFor, type TestClient } from '../../client-core/support.ts';
import { connectVia, startHttpApp, viaProxy, type Answer, type HttpApp } from './servers.ts';

export const CATCH_ALL_POLICY = 'Internal apps: other departments';
export const POLICY_A = 'Department A opens app A';
export const POLICY_B = 'Department B opens app B';

export interface OrgEnforcement {
  h: SignInHarness;
  client: TestClient;
  appA: HttpApp;
  appB: HttpApp;
  /** open_department_ids: A is the member's own department, B another one. */
  deptA: string;
  deptB: string;
  /** The member's union_id in the sandbox. */
  userRef: string;
  proxyPort: number;
  /** A plain HTTP request to app A or B through the client's proxy. */
  get(app: 'A' | 'B'): Promise<Answer>;
  /** A CONNECT to app A's or B's port through the proxy: the status (the tunnel is closed). */
  connect(app: 'A' | 'B'): Promise<{ status: number; head: string }>;
  /** Adds an application (changes the tenant's destination map); returns its id. */
  addApplication(name: string, host: string): Promise<string>;
  /** Moves the member to one department in the sandbox (Feishu sends the event). */
  moveTo(openDepartmentId: string): Promise<void>;
  resign(): Promise<void>;
  close(): Promise<void>;
}

async function sandboxCall(url: string, method: string, body?: unknown): Promise<void> {
  const res = await fetch(url, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

export async function startOrgEnforcement(
  database: TestDatabase,
  options: {
    org?: 'tiny' | 'small';
    logLevel?: string;
    /** Passed to the client core (e.g. a recording system proxy setter). */
    overrides?: Partial<ClientCoreDeps>;
  } = {},
): Promise<OrgEnforcement> {
  const h = await startSignInHarness(database, {
    org: options.org ?? 'tiny',
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
  });
  const cleanup: (() => Promise<unknown>)[] = [() => h.close()];
  try {
    await sandboxCall(
      `${h.sandboxUrl}/sandbox/apps/${h.feishuApp.app_id}/event-subscription`,
      'PUT',
      {
        request_url: `${h.baseUrl}/api/v1/feishu/events/${h.source.id}`,
      },
    );
    // Many moves in a few minutes must not trip the event burst brake (deletion protection).
    const raised = await h.platform.patch(
      `${API}/tenants/${h.tenant.id}/identity-sources/${h.source.id}`,
      {
        deletion_thresholds: {
          users: { value: 100_000, unit: 'count' },
          departments: { value: 100_000, unit: 'count' },
        },
      },
    );
    if (raised.statusCode !== 200) throw new Error(`thresholds: ${raised.body}`);
    h.app.background.start();

    const member = h.sample('member');
    const copied = h.users.get(member.union_id);
    if (!copied) throw new Error('the member is not in the directory');
    const store = h.sandbox.ctx.store;
    const tenantDepartments = [...store.departments.values()].filter(
      (d) => d.tenantKey === copied.user.tenantKey && !d.deleted,
    );
    const own = tenantDepartments.find((d) => d.key === copied.user.departmentKeys[0]);
    const other = tenantDepartments.find((d) => !copied.user.departmentKeys.includes(d.key));
    if (!own || !other) throw new Error('the org needs two departments for the member');

    const [appA, appB] = await Promise.all([startHttpApp('A'), startHttpApp('B')]);
    cleanup.push(
      () => appA.close(),
      () => appB.close(),
    );
    const base = `${API}/tenants/${h.tenant.id}`;
    const addApp = async (name: string, port: number, host = '127.0.0.1') => {
      const res = await h.platform.post(`${base}/applications`, {
        name,
        description: `${name} (local test server)`,
        addresses: [{ host, ports: String(port), protocol: 'tcp' }],
        portal_url: `http://${host}:${port}/`,
        tags: ['internal'],
      });
      if (res.statusCode !== 201) throw new Error(`application ${name}: ${res.body}`);
      return (res.json() as { application: { id: string } }).application.id;
    };
    const idA = await addApp('App A', appA.port);
    const idB = await addApp('App B', appB.port);
    const policies = [
      {
        name: POLICY_A,
        priority: 10,
        action: 'allow',
        subjects: { departments: [{ id: own.openDepartmentId, include_sub_departments: false }] },
        resources: { applications: [idA] },
      },
      {
        name: POLICY_B,
        priority: 10,
        action: 'allow',
        subjects: { departments: [{ id: other.openDepartmentId, include_sub_departments: false }] },
        resources: { applications: [idB] },
      },
      {
        name: CATCH_ALL_POLICY,
        priority: 1000,
        action: 'deny',
        subjects: { all_users: true },
        resources: { applications: [idA, idB] },
      },
    ];
    for (const body of policies) {
      const res = await h.platform.post(`${base}/policies`, body);
      if (res.statusCode !== 201) throw new Error(`policy ${body.name}: ${res.body}`);
    }

    const client = createTestClient(h, {
      role: 'member',
      ...(options.overrides ? { overrides: options.overrides } : {}),
    });
    cleanup.push(() => client.core.dispose());
    await client.core.start();
    await client.core.enroll(h.tenant.verification_id);
    await client.core.startSignIn('browser');
    await waitFor(client.core, (s) => s.sign_in.phase === 'signed_in');
    await waitFor(client.core, (s) => s.connection.status === 'online');
    await waitFor(client.core, (s) => s.proxy.mode === 'entitlements' && s.proxy.port !== null);
    const proxyPort = client.core.snapshot().proxy.port!;
    const portOf = (app: 'A' | 'B') => (app === 'A' ? appA.port : appB.port);

    return {
      h,
      client,
      appA,
      appB,
      deptA: own.openDepartmentId,
      deptB: other.openDepartmentId,
      userRef: member.union_id,
      proxyPort,
      get: (app) => viaProxy(proxyPort, `http://127.0.0.1:${portOf(app)}/`),
      async connect(app) {
        const tunnel = await connectVia(proxyPort, `127.0.0.1:${portOf(app)}`);
        tunnel.socket.destroy();
        return { status: tunnel.status, head: tunnel.head };
      },
      addApplication: (name, host) => addApp(name, 80, host),
      moveTo: (dept) =>
        sandboxCall(
          `${h.sandboxUrl}/sandbox/users/${encodeURIComponent(member.union_id)}`,
          'PATCH',
          {
            departments: [dept],
          },
        ),
      resign: () =>
        sandboxCall(
          `${h.sandboxUrl}/sandbox/users/${encodeURIComponent(member.union_id)}/resign`,
          'POST',
        ),
      async close() {
        for (const step of cleanup.reverse()) await step().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    throw error;
  }
}

/**
 * Polls through the proxy (every 10 ms, at most `boundMs`) until `done` holds; resolves with the
 * time it took from `since` (performance.now()), or rejects with the last answers.
 */
export async function pollUntil(
  since: number,
  boundMs: number,
  check: () => Promise<boolean>,
  describe: () => string,
): Promise<number> {
  const deadline = since + boundMs;
  for (;;) {
    if (await check()) return performance.now() - since;
    if (performance.now() > deadline) throw new Error(`not within ${boundMs} ms: ${describe()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
