import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSourceService } from '../../../../control-plane/identity-sources/source-service.ts';
import { startTestApp, type TestApp } from '../../../fixtures/control-plane-app.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import {
  contactEvent,
  createEventSource,
  pushOf,
  systemContext,
  type EventSource,
} from '../../../fixtures/event-source.ts';

const url = (s: EventSource | string) =>
  `/api/v1/feishu/events/${typeof s === 'string' ? s : s.sourceId}`;

describe.each(engines)('event endpoint on $name', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let encrypted: EventSource;
  let plain: EventSource;

  beforeAll(async () => {
    database = await engine.open();
    t = await startTestApp(database, { platformAdmin: false });
    encrypted = await createEventSource(database.db, t.secretBox, { now: () => new Date() });
    plain = await createEventSource(
      database.db,
      t.secretBox,
      { now: () => new Date() },
      { encryptKey: null },
    );
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  const inboxCount = async (sourceId?: string) => {
    let q = database.db.selectFrom('events_inbox').select((eb) => eb.fn.countAll<number>().as('n'));
    if (sourceId) q = q.where('source_id', '=', sourceId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  const post = (s: EventSource | string, push: { body: string; headers: Record<string, string> }) =>
    t.app.inject({ method: 'POST', url: url(s), payload: push.body, headers: push.headers });

  it('answers a plain and an encrypted url_verification with the plaintext challenge, fast', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as { port: number };
    for (const source of [plain, encrypted]) {
      const push = pushOf(source, {
        challenge: 'ch-42',
        token: source.verificationToken,
        type: 'url_verification',
      });
      const started = performance.now();
      const res = await fetch(`http://127.0.0.1:${address.port}${url(source)}`, {
        method: 'POST',
        headers: push.headers,
        body: push.body,
      });
      const elapsed = performance.now() - started;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ challenge: 'ch-42' });
      expect(elapsed).toBeLessThan(1000);
    }
    expect(await inboxCount()).toBe(0);
  });

  it('stores a genuine event once, whatever the content type, and answers duplicates 200', async () => {
    const event = contactEvent(encrypted, 'contact.department.created_v3', {
      object: { open_department_id: 'od-x1', name: 'X', parent_department_id: '0' },
    });
    const first = pushOf(encrypted, event);
    const res = await post(encrypted, first);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ msg: 'success' });
    // A retry of the same event (new timestamp, nonce and signature) and one without a content type.
    const again = pushOf(encrypted, event);
    delete again.headers['content-type'];
    expect((await post(encrypted, again)).statusCode).toBe(200);
    expect(
      (
        await post(encrypted, {
          ...again,
          headers: { ...again.headers, 'content-type': 'text/plain' },
        })
      ).statusCode,
    ).toBe(200);
    const rows = await database.db
      .selectFrom('events_inbox')
      .selectAll()
      .where('source_id', '=', encrypted.sourceId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      event_id: event.header.event_id,
      event_type: 'contact.department.created_v3',
      status: 'pending',
      processed_at: null,
    });
    expect(rows[0]!.event_created_at?.getTime()).toBe(Number(event.header.create_time));
    // The verification token is checked, not kept.
    expect(JSON.stringify(rows[0]!.payload)).not.toContain(encrypted.verificationToken);
    expect((rows[0]!.payload as { event: unknown }).event).toEqual(event.event);
  });

  it('rejects bad pushes with a catalog code and stores nothing', async () => {
    const before = await inboxCount();
    const good = () =>
      pushOf(
        encrypted,
        contactEvent(encrypted, 'contact.user.updated_v3', {
          object: { open_id: 'ou_1', union_id: 'on_1' },
        }),
      );
    const staleTs = pushOf(
      encrypted,
      contactEvent(encrypted, 'contact.user.updated_v3', {
        object: { open_id: 'ou_1', union_id: 'on_1' },
      }),
      Date.now() - 10 * 60_000,
    );
    const badSig = good();
    badSig.headers['x-lark-signature'] = '0'.repeat(64);
    const wrongToken = pushOf(encrypted, {
      ...contactEvent(encrypted, 'contact.user.updated_v3', {}),
      header: { ...contactEvent(encrypted, 'x', {}).header, token: 'wrong' },
    });
    const noSig = good();
    delete noSig.headers['x-lark-signature'];
    const plainToEncrypted = pushOf(plain, contactEvent(encrypted, 'contact.user.updated_v3', {}));
    const encryptedToPlain = pushOf(encrypted, contactEvent(plain, 'contact.user.updated_v3', {}));
    const otherApp = pushOf(plain, {
      ...contactEvent(plain, 'x', {}),
      header: { ...contactEvent(plain, 'x', {}).header, app_id: 'cli_0000000000000000' },
    });
    // Genuine, but jsonb cannot hold it: refused before the insert, not a 500 from it.
    const unstorable = pushOf(
      encrypted,
      contactEvent(encrypted, 'contact.user.updated_v3', {
        object: { open_id: 'ou_1', union_id: 'on_1', name: 'nul\u0000' },
      }),
    );
    const cases: [
      string,
      EventSource,
      { body: string; headers: Record<string, string> },
      number,
      string,
    ][] = [
      ['bad signature', encrypted, badSig, 401, 'EVENT_SIGNATURE_INVALID'],
      ['missing signature', encrypted, noSig, 401, 'EVENT_SIGNATURE_MISSING'],
      ['stale timestamp', encrypted, staleTs, 401, 'EVENT_TIMESTAMP_STALE'],
      ['wrong token', encrypted, wrongToken, 401, 'EVENT_TOKEN_INVALID'],
      [
        'plaintext to an encrypted source',
        encrypted,
        plainToEncrypted,
        400,
        'EVENT_ENCRYPTION_EXPECTED',
      ],
      ['encrypted to a plain source', plain, encryptedToPlain, 400, 'EVENT_ENCRYPT_KEY_NOT_SET'],
      ['another app', plain, otherApp, 400, 'EVENT_APP_MISMATCH'],
      ['garbage', plain, { body: '\u0001\u0002not json', headers: {} }, 400, 'EVENT_BODY_INVALID'],
      ['unstorable', encrypted, unstorable, 400, 'EVENT_BODY_INVALID'],
      [
        'empty body',
        plain,
        { body: '', headers: { 'content-type': 'application/json' } },
        400,
        'EVENT_BODY_INVALID',
      ],
      [
        'json array',
        plain,
        { body: '[1,2]', headers: { 'content-type': 'application/json' } },
        400,
        'EVENT_BODY_INVALID',
      ],
    ];
    for (const [name, source, push, status, code] of cases) {
      const res = await post(source, push);
      expect(res.statusCode, name).toBe(status);
      expect(res.json().error.code, name).toBe(code);
      expect(res.json().error.messages['zh-CN'], name).toMatch(/[\u4e00-\u9fff]/);
    }
    const huge = pushOf(
      plain,
      contactEvent(plain, 'contact.user.updated_v3', { pad: 'x'.repeat(1024 * 1024) }),
    );
    const big = await post(plain, huge);
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('REQUEST_BODY_TOO_LARGE');
    for (const id of [
      '00000000-0000-4000-8000-000000000000',
      'not-a-uuid',
      "1'; drop table x;--",
    ]) {
      const res = await post(id, good());
      expect(res.statusCode, id).toBe(404);
      expect(res.json().error.code).toBe('EVENT_SOURCE_NOT_FOUND');
    }
    expect(await inboxCount()).toBe(before);
  });

  it('refuses every push while the source has no Verification Token', async () => {
    const bare = await createEventSource(
      database.db,
      t.secretBox,
      { now: () => new Date() },
      { encryptKey: null },
    );
    await database.db
      .updateTable('identity_sources')
      .set({ verification_token_enc: null })
      .where('id', '=', bare.sourceId)
      .execute();
    const res = await post(
      bare,
      pushOf(bare, { challenge: 'c', token: bare.verificationToken, type: 'url_verification' }),
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('EVENT_NOT_CONFIGURED');
  });

  it('takes a key changed in the console at once, despite its cache', async () => {
    const source = await createEventSource(database.db, t.secretBox, { now: () => new Date() });
    const challenge = (s: EventSource) =>
      pushOf(s, { challenge: 'c1', token: s.verificationToken, type: 'url_verification' });
    expect((await post(source, challenge(source))).statusCode).toBe(200); // cached now
    const changed = {
      ...source,
      encryptKey: 'a-brand-new-encrypt-key-0123456789',
      verificationToken: 'new-token-0123456789abcdef',
    };
    await createSourceService({
      db: database.db,
      clock: { now: () => new Date() },
      secretBox: t.secretBox,
    }).update(systemContext, source.tenantId, source.sourceId, {
      encrypt_key: changed.encryptKey,
      verification_token: changed.verificationToken,
    });
    expect((await post(source, challenge(changed))).statusCode).toBe(200);
    expect((await post(source, challenge(source))).json().error.code).toBe(
      'EVENT_SIGNATURE_INVALID',
    ); // the old key is dead
  });

  it('answers a closed source 200 without storing its events, and still answers its challenge', async () => {
    const source = await createEventSource(
      database.db,
      t.secretBox,
      { now: () => new Date() },
      { encryptKey: null },
    );
    await database.db
      .updateTable('identity_sources')
      .set({ status: 'closed' })
      .where('id', '=', source.sourceId)
      .execute();
    const res = await post(
      source,
      pushOf(source, contactEvent(source, 'contact.user.created_v3', { object: {} })),
    );
    expect(res.statusCode).toBe(200);
    expect(await inboxCount(source.sourceId)).toBe(0);
    const ch = await post(
      source,
      pushOf(source, {
        challenge: 'cc',
        token: source.verificationToken,
        type: 'url_verification',
      }),
    );
    expect(ch.json()).toEqual({ challenge: 'cc' });
  });

  it('counts outcomes in /metrics (the pushes of the tests above)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).toMatch(/gatehouse_feishu_events_received_total\{outcome="stored"\} 1/);
    expect(res.body).toMatch(/gatehouse_feishu_events_received_total\{outcome="duplicate"\} 2/);
    expect(res.body).toMatch(
      /gatehouse_feishu_events_received_total\{outcome="EVENT_SIGNATURE_INVALID"\} 2/,
    );
  });
});
