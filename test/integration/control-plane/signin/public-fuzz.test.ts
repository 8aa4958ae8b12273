// Garbage against the public sign-in endpoints: bodies of the transaction and token endpoints
// (random values, the right keys with wrong values, a valid body with one field broken), query
// strings of discovery and the callback, path parameters of the browser pages. Every answer is
// a 4xx with a catalog code, never a 5xx, and nothing is stored.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  loginPlatform,
  sourceBody,
  startTestApp,
  type TestApp,
} from '../../../fixtures/control-plane-app.ts';
import { expectCatalog4xx, snapshotTables } from '../../../fixtures/bad-input.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import { pkcePair, testDevice } from '../../../fixtures/signin-client.ts';

const TABLES = [
  'login_transactions',
  'login_states',
  'client_sessions',
  'refresh_tokens',
  'session_events',
  'user_entitlements',
  'identity_sources',
  'tenants',
] as const;

describe.each(engines)('public sign-in endpoints under garbage ($name)', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let valid: Record<string, unknown>;

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database, {
      config: {
        signIn: {
          transactionsPerIpPerMinute: 100_000,
          callbackPerIpPerMinute: 100_000,
          tokenPerIpPerMinute: 1_000_000,
        },
      },
    });
    const root = await loginPlatform(t.app);
    const tenant = (await root.post(`${API}/tenants`, { name: 'Fuzz Co' })).json() as {
      id: string;
      verification_id: string;
    };
    const source = (
      await root.post(`${API}/tenants/${tenant.id}/identity-sources`, sourceBody())
    ).json() as { id: string };
    valid = {
      enterprise_id: tenant.verification_id,
      source_id: source.id,
      redirect_uri: 'http://127.0.0.1:49152/callback',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
      state: 'client-state-0123456789abcdef',
      device: testDevice(),
    };
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const snapshot = () => snapshotTables(database.db, TABLES);

  const post = (url: string, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: JSON.stringify(body) ?? 'null',
      headers: { 'content-type': 'application/json' },
    });

  it('refuses garbage transaction bodies', async () => {
    const before = await snapshot();
    const anything = fc.sample(fc.anything({ maxDepth: 3 }), { numRuns: 60, seed: 11 });
    const shaped = fc.sample(
      fc.record({
        enterprise_id: fc.anything(),
        source_id: fc.oneof(fc.uuid(), fc.anything()),
        redirect_uri: fc.oneof(fc.webUrl(), fc.string()),
        code_challenge: fc.string({ maxLength: 60 }),
        code_challenge_method: fc.constantFrom('S256', 'plain', 's256', ''),
        state: fc.string({ maxLength: 300 }),
        device: fc.anything({ maxDepth: 2 }),
      }),
      { numRuns: 60, seed: 12 },
    );
    const broken = Object.keys(valid).flatMap((key) =>
      fc
        .sample(fc.anything({ maxDepth: 2 }), { numRuns: 6, seed: key.length })
        .map((v) => ({ ...valid, [key]: v })),
    );
    const oneMissing = Object.keys(valid).map((key) => {
      const copy = { ...valid };
      delete copy[key];
      return copy;
    });
    const extra = [
      { ...valid, scope: 'offline_access' },
      { ...valid, device: { ...(valid.device as object), x: 1 } },
    ];
    for (const body of [...anything, ...shaped, ...broken, ...oneMissing, ...extra]) {
      const res = await post('/api/v1/public/login/transactions', body);
      // A broken field may still be valid by chance (e.g. another loopback port): that is fine,
      // but then nothing here must have been stored by it, so check the status first.
      if (res.statusCode === 201) throw new Error(`accepted ${JSON.stringify(body)}`);
      expectCatalog4xx(res, JSON.stringify(body));
    }
    expect(await snapshot()).toBe(before);
  });

  it('refuses garbage token requests', async () => {
    const before = await snapshot();
    const bodies = [
      ...fc.sample(fc.anything({ maxDepth: 3 }), { numRuns: 60, seed: 21 }),
      ...fc.sample(
        fc.record({
          grant_type: fc.constantFrom('handoff_code', 'refresh_token', 'authorization_code', ''),
          code: fc.string({ maxLength: 200 }),
          code_verifier: fc.string({ maxLength: 200 }),
          transaction_id: fc.oneof(fc.uuid(), fc.string()),
          refresh_token: fc.string({ maxLength: 300 }),
          device_id: fc.string({ maxLength: 200 }),
        }),
        { numRuns: 80, seed: 22 },
      ),
      ...fc.sample(
        fc.record({
          grant_type: fc.constant('handoff_code'),
          code: fc.base64String({ minLength: 16, maxLength: 100 }),
          code_verifier: fc.constant(pkcePair().verifier),
          transaction_id: fc.uuid(),
        }),
        { numRuns: 20, seed: 23 },
      ),
      ...fc.sample(
        fc.record({
          grant_type: fc.constant('refresh_token'),
          refresh_token: fc.base64String({ minLength: 16, maxLength: 200 }),
          device_id: fc.stringMatching(/^[a-z0-9-]{8,40}$/),
        }),
        { numRuns: 20, seed: 24 },
      ),
    ];
    for (const body of bodies)
      expectCatalog4xx(await post('/api/v1/public/token', body), JSON.stringify(body));
    expect(await snapshot()).toBe(before);
  });

  it('refuses garbage queries and path parameters of discovery, pages and the callback', async () => {
    const before = await snapshot();
    const queries = fc.sample(
      fc.dictionary(
        fc.constantFrom('enterprise_id', 'code', 'state', 'error', 'error_description', 'x'),
        fc.string({ maxLength: 80 }),
        { maxKeys: 5 },
      ),
      { numRuns: 60, seed: 31 },
    );
    for (const q of queries) {
      const qs = new URLSearchParams(q as Record<string, string>).toString();
      for (const url of ['/api/v1/public/discovery', '/api/v1/auth/feishu/callback']) {
        const res = await t.app.inject({ method: 'GET', url: `${url}?${qs}` });
        expectCatalog4xx(res, `${url}?${qs}`);
      }
    }
    for (const id of [
      '',
      'x',
      "' or 1=1 --",
      '00000000-0000-4000-8000-000000000000',
      '%00',
      'é'.repeat(80),
    ]) {
      for (const page of ['authorize', 'qr']) {
        const url = `/api/v1/public/login/transactions/${encodeURIComponent(id)}/${page}`;
        const res = await t.app.inject({ method: 'GET', url });
        expectCatalog4xx(res, url);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it('refuses malformed requests: bad JSON, wrong media type, oversized bodies', async () => {
    const before = await snapshot();
    for (const url of ['/api/v1/public/login/transactions', '/api/v1/public/token']) {
      for (const [payload, type] of [
        ['{"grant_type": ', 'application/json'],
        ['grant_type=refresh_token', 'application/x-www-form-urlencoded'],
        ['x'.repeat(2 * 1024 * 1024), 'application/json'],
      ] as const) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          payload,
          headers: { 'content-type': type },
        });
        expectCatalog4xx(res, `${url} ${type}`);
      }
    }
    expect(await snapshot()).toBe(before);
  });
});
