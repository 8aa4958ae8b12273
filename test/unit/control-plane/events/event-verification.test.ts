import { describe, expect, it } from 'vitest';
import { encryptEvent, signEvent } from '../../../../sandbox/events/crypto.ts';
import { AppError } from '../../../../shared/domain/errors/index.ts';
import {
  decryptEventPayload,
  eventDecryptionKey,
  eventSignature,
} from '../../../../control-plane/events/event-crypto.ts';
import { createTimeOf, parsePush } from '../../../../control-plane/events/event-envelope.ts';
import {
  sourceEventKeys,
  verifyPush,
  type SourceEventKeys,
} from '../../../../control-plane/events/event-verification.ts';

const APP = 'cli_a1b2c3d4e5f60718';
const TOKEN = 'vt-0123456789abcdefghijklmnopqrstuv';
const KEY = 'ek-0123456789abcdefghijklmnopqrstuv';
const NOW = Date.UTC(2026, 10, 22, 8, 0, 0);
const nowSeconds = String(Math.floor(NOW / 1000));

const plainKeys = sourceEventKeys({ appId: APP, encryptKey: null, verificationToken: TOKEN });
const encKeys: SourceEventKeys = sourceEventKeys({
  appId: APP,
  encryptKey: KEY,
  verificationToken: TOKEN,
});

const envelope = (overrides: Record<string, unknown> = {}) => ({
  schema: '2.0',
  header: {
    event_id: 'f7a1e2c3d4b5a6978877665544332211',
    event_type: 'contact.user.updated_v3',
    create_time: String(NOW - 1000),
    token: TOKEN,
    app_id: APP,
    tenant_key: 'tk1',
    ...overrides,
  },
  event: { object: { open_id: 'ou_1', union_id: 'on_1', name: '张三' } },
});

/** What the platform sends with an Encrypt Key: {"encrypt"} and the three headers. */
function sealed(payload: unknown, options: { key?: string; timestamp?: string } = {}) {
  const key = options.key ?? KEY;
  const body = JSON.stringify({ encrypt: encryptEvent(JSON.stringify(payload), key) });
  const timestamp = options.timestamp ?? nowSeconds;
  const nonce = 'n0nce1234567890a';
  return {
    raw: Buffer.from(body),
    headers: { timestamp, nonce, signature: signEvent(timestamp, nonce, key, body) },
  };
}

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'no error';
};

describe('event crypto', () => {
  it('decrypts the documented test vector', () => {
    const key = eventDecryptionKey('test key');
    expect(decryptEventPayload('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', key)).toBe(
      'hello world',
    );
  });

  it('agrees with the sandbox (an independent implementation of the platform) on signatures', () => {
    const body = '{"encrypt":"abc"}';
    expect(eventSignature('1700000000', 'nonce', KEY, Buffer.from(body))).toBe(
      signEvent('1700000000', 'nonce', KEY, body),
    );
  });

  it('throws on a wrong key or a damaged payload', () => {
    const sealedText = encryptEvent('{"a":1}', KEY);
    expect(() => decryptEventPayload(sealedText, eventDecryptionKey('another key'))).toThrow();
    expect(() => decryptEventPayload('AAAA', eventDecryptionKey(KEY))).toThrow(/bad size/);
  });
});

describe('push envelope', () => {
  it('reads create_time in ms, and 10/16-digit variants as seconds/microseconds', () => {
    expect(createTimeOf('1608725989000')?.toISOString()).toBe('2020-12-23T12:19:49.000Z');
    expect(createTimeOf('1608725989')?.toISOString()).toBe('2020-12-23T12:19:49.000Z');
    expect(createTimeOf('1608725989000123')?.toISOString()).toBe('2020-12-23T12:19:49.000Z');
    expect(createTimeOf(undefined)).toBeUndefined();
    expect(createTimeOf('0')).toBeUndefined();
  });

  it('keeps the token out of the payload it hands on for storage', () => {
    const push = parsePush(envelope());
    expect(push?.kind).toBe('event');
    if (push?.kind !== 'event') return;
    expect(push.token).toBe(TOKEN);
    expect(JSON.stringify(push.payload)).not.toContain(TOKEN);
    expect(push.payload).toMatchObject({
      schema: '2.0',
      header: { event_id: envelope().header.event_id },
    });
  });

  it('reads a legacy v1 callback by its uuid and type, without its token', () => {
    const push = parsePush({
      uuid: 'u-1',
      token: TOKEN,
      ts: '1502199207.7171419',
      type: 'event_callback',
      event: { type: 'user_add', app_id: APP },
    });
    expect(push).toMatchObject({
      kind: 'event',
      eventId: 'u-1',
      eventType: 'user_add',
      token: TOKEN,
    });
    expect(JSON.stringify((push as { payload: unknown }).payload)).not.toContain(TOKEN);
  });

  it('refuses shapes that are none of the known ones', () => {
    const markedOnly = [
      { schema: '2.0' },
      { type: 'url_verification' },
      { type: 'event_callback' },
    ];
    for (const body of [null, 1, 'x', [], {}, ...markedOnly, { ...envelope(), schema: '1.0' }])
      expect(parsePush(body)).toBeUndefined();
  });

  it('reads a body by the shape its markers name, whatever else it carries', () => {
    const both = { ...envelope(), type: 'url_verification' };
    expect(parsePush(both)).toMatchObject({ kind: 'event' });
    const challenge = { type: 'url_verification', challenge: 'c-1', token: TOKEN, schema: '2.0' };
    expect(parsePush(challenge)).toEqual({ kind: 'challenge', challenge: 'c-1', token: TOKEN });
  });
});

describe('push verification', () => {
  const opts = { nowMs: NOW };

  it('accepts a plain challenge and a plain event with the right token', () => {
    const challenge = { challenge: 'c-123', token: TOKEN, type: 'url_verification' };
    expect(verifyPush(Buffer.from(JSON.stringify(challenge)), {}, plainKeys, opts)).toEqual({
      kind: 'challenge',
      challenge: 'c-123',
      token: TOKEN,
    });
    const push = verifyPush(Buffer.from(JSON.stringify(envelope())), {}, plainKeys, opts);
    expect(push).toMatchObject({ kind: 'event', eventType: 'contact.user.updated_v3' });
  });

  it('accepts an encrypted, signed event and an encrypted challenge signed or not', () => {
    const e = sealed(envelope());
    expect(verifyPush(e.raw, e.headers, encKeys, opts)).toMatchObject({ kind: 'event' });
    const c = sealed({ challenge: 'c-9', token: TOKEN, type: 'url_verification' });
    expect(verifyPush(c.raw, c.headers, encKeys, opts)).toMatchObject({ challenge: 'c-9' });
    expect(verifyPush(c.raw, {}, encKeys, opts)).toMatchObject({ challenge: 'c-9' });
  });

  it('computes the signature over the raw bytes, not a re-serialisation', () => {
    const payload = JSON.stringify(envelope());
    const body = `{ "encrypt" : "${encryptEvent(payload, KEY)}" }`; // spaces: not compact
    const signature = signEvent(nowSeconds, 'n', KEY, body);
    const headers = { timestamp: nowSeconds, nonce: 'n', signature };
    expect(verifyPush(Buffer.from(body), headers, encKeys, opts)).toMatchObject({ kind: 'event' });
    const reserialised = JSON.stringify(JSON.parse(body));
    expect(codeOf(() => verifyPush(Buffer.from(reserialised), headers, encKeys, opts))).toBe(
      'EVENT_SIGNATURE_INVALID',
    );
  });

  it('refuses a bad signature, a missing one, a stale or future timestamp', () => {
    const e = sealed(envelope());
    const tampered = {
      ...e.headers,
      signature: e.headers.signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
    };
    expect(codeOf(() => verifyPush(e.raw, tampered, encKeys, opts))).toBe(
      'EVENT_SIGNATURE_INVALID',
    );
    expect(codeOf(() => verifyPush(e.raw, {}, encKeys, opts))).toBe('EVENT_SIGNATURE_MISSING');
    expect(codeOf(() => verifyPush(e.raw, { ...e.headers, nonce: undefined }, encKeys, opts))).toBe(
      'EVENT_SIGNATURE_MISSING',
    );
    const old = sealed(envelope(), { timestamp: String(Math.floor(NOW / 1000) - 301) });
    expect(codeOf(() => verifyPush(old.raw, old.headers, encKeys, opts))).toBe(
      'EVENT_TIMESTAMP_STALE',
    );
    const future = sealed(envelope(), { timestamp: String(Math.floor(NOW / 1000) + 301) });
    expect(codeOf(() => verifyPush(future.raw, future.headers, encKeys, opts))).toBe(
      'EVENT_TIMESTAMP_STALE',
    );
    const edge = sealed(envelope(), { timestamp: String(Math.floor(NOW / 1000) - 300) });
    expect(verifyPush(edge.raw, edge.headers, encKeys, opts)).toMatchObject({ kind: 'event' });
    const narrow = { nowMs: NOW, replayWindowSeconds: 60 };
    const minuteOld = sealed(envelope(), { timestamp: String(Math.floor(NOW / 1000) - 61) });
    expect(codeOf(() => verifyPush(minuteOld.raw, minuteOld.headers, encKeys, narrow))).toBe(
      'EVENT_TIMESTAMP_STALE',
    );
  });

  it('refuses a wrong token, another app, and a source without a token', () => {
    const wrong = envelope({ token: 'not-the-token' });
    expect(codeOf(() => verifyPush(Buffer.from(JSON.stringify(wrong)), {}, plainKeys, opts))).toBe(
      'EVENT_TOKEN_INVALID',
    );
    const noToken = envelope({ token: undefined });
    expect(
      codeOf(() => verifyPush(Buffer.from(JSON.stringify(noToken)), {}, plainKeys, opts)),
    ).toBe('EVENT_TOKEN_INVALID');
    const challenge = { challenge: 'c', token: 'nope', type: 'url_verification' };
    expect(
      codeOf(() => verifyPush(Buffer.from(JSON.stringify(challenge)), {}, plainKeys, opts)),
    ).toBe('EVENT_TOKEN_INVALID');
    const other = envelope({ app_id: 'cli_ffffffffffffffff' });
    expect(codeOf(() => verifyPush(Buffer.from(JSON.stringify(other)), {}, plainKeys, opts))).toBe(
      'EVENT_APP_MISMATCH',
    );
    const unset = { ...plainKeys, verificationToken: null };
    expect(codeOf(() => verifyPush(Buffer.from(JSON.stringify(envelope())), {}, unset, opts))).toBe(
      'EVENT_NOT_CONFIGURED',
    );
  });

  it('refuses a genuine event the database could not store (U+0000, a lone surrogate)', () => {
    for (const name of ['a\u0000b', 'x\ud800', '\udc00y']) {
      const e = sealed(envelope({ event_id: `e-${name.length}` }));
      const bad = sealed({ ...envelope(), event: { object: { open_id: 'ou_1', name } } });
      expect(verifyPush(e.raw, e.headers, encKeys, opts)).toMatchObject({ kind: 'event' });
      expect(codeOf(() => verifyPush(bad.raw, bad.headers, encKeys, opts))).toBe(
        'EVENT_BODY_INVALID',
      );
      const plainBody = Buffer.from(JSON.stringify({ ...envelope(), event: { name } }));
      expect(codeOf(() => verifyPush(plainBody, {}, plainKeys, opts))).toBe('EVENT_BODY_INVALID');
    }
    // What only looks like one: an escaped backslash, a surrogate pair, other control characters.
    for (const name of ['\\u0000', '😀 张三', '\u0001\t', '\\ud800']) {
      const fine = sealed({ ...envelope(), event: { object: { open_id: 'ou_1', name } } });
      expect(verifyPush(fine.raw, fine.headers, encKeys, opts), name).toMatchObject({
        kind: 'event',
      });
    }
  });

  it('refuses garbage, plaintext where encryption is expected, and the reverse', () => {
    for (const body of ['', 'not json', '[]', '{"schema":"2.0"}', '{"encrypt":5}', '\u0000'])
      expect(
        codeOf(() => verifyPush(Buffer.from(body), {}, encKeys, opts)),
        body,
      ).toBe('EVENT_BODY_INVALID');
    for (const body of ['', 'not json', '{}', '{"header":{}}'])
      expect(
        codeOf(() => verifyPush(Buffer.from(body), {}, plainKeys, opts)),
        body,
      ).toBe('EVENT_BODY_INVALID');
    expect(
      codeOf(() => verifyPush(Buffer.from(JSON.stringify(envelope())), {}, encKeys, opts)),
    ).toBe('EVENT_ENCRYPTION_EXPECTED');
    const e = sealed(envelope());
    expect(codeOf(() => verifyPush(e.raw, e.headers, plainKeys, opts))).toBe(
      'EVENT_ENCRYPT_KEY_NOT_SET',
    );
  });

  it('refuses a push sealed with another key, signed with ours', () => {
    const body = JSON.stringify({ encrypt: encryptEvent(JSON.stringify(envelope()), 'other key') });
    const headers = {
      timestamp: nowSeconds,
      nonce: 'n',
      signature: signEvent(nowSeconds, 'n', KEY, body),
    };
    expect(codeOf(() => verifyPush(Buffer.from(body), headers, encKeys, opts))).toBe(
      'EVENT_DECRYPTION_FAILED',
    );
    const garbageInside = JSON.stringify({ encrypt: encryptEvent('not json', KEY) });
    const h2 = {
      timestamp: nowSeconds,
      nonce: 'n',
      signature: signEvent(nowSeconds, 'n', KEY, garbageInside),
    };
    expect(codeOf(() => verifyPush(Buffer.from(garbageInside), h2, encKeys, opts))).toBe(
      'EVENT_BODY_INVALID',
    );
  });
});
