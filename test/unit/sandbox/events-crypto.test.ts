import { createDecipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptEvent, encryptEvent, signEvent } from '../../../sandbox/events/crypto.ts';
import { wireRequest } from '../../../sandbox/events/envelope.ts';
import type { SandboxApp } from '../../../sandbox/org/types.ts';

describe('event crypto', () => {
  it("decrypts the platform's documented test vector", () => {
    expect(decryptEvent('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', 'test key')).toBe(
      'hello world',
    );
  });

  it('encrypts as base64(iv || AES-256-CBC) with key SHA-256(encrypt key) and a fresh IV', () => {
    const plain = '{"schema":"2.0","event":{"name":"飞书"}}';
    const a = encryptEvent(plain, 'k1');
    const b = encryptEvent(plain, 'k1');
    expect(a).not.toBe(b); // random IV
    const raw = Buffer.from(a, 'base64');
    expect(raw.length % 16).toBe(0);
    // decrypt independently of decryptEvent, the way receivers do it
    const key = createHash('sha256').update('k1').digest();
    const d = createDecipheriv('aes-256-cbc', key, raw.subarray(0, 16));
    expect(Buffer.concat([d.update(raw.subarray(16)), d.final()]).toString('utf8')).toBe(plain);
    expect(decryptEvent(b, 'k1')).toBe(plain);
  });

  it('refuses a wrong key or a damaged payload', () => {
    const enc = encryptEvent('{"x":1}', 'right');
    expect(() => decryptEvent(enc, 'wrong')).toThrow();
    expect(() => decryptEvent('AAAA', 'right')).toThrow(/bad size/);
  });

  it('signs hex(sha256(timestamp + nonce + encryptKey + body)) (vectors from Python hashlib)', () => {
    const body = '{"encrypt":"P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="}';
    expect(signEvent('1608725989', 'nonce-abc', 'test key', body)).toBe(
      'cd0558b339a3ed395ef601662813f7da610cf229d05a3f29332beb368160cca9',
    );
    expect(signEvent('1608725989', '随机', '密钥', '{"a":"飞书"}')).toBe(
      'f2d782a05ab728f62eacd852ea483f05a3d624c1bb1184871352c5cd7bbc4889',
    );
  });

  it('puts it together on the wire: compact JSON, encrypted and signed with an encrypt key', () => {
    const app = { encryptKey: 'ek', verificationToken: 'vt' } as SandboxApp;
    const payload = { schema: '2.0', header: { event_id: 'e1' }, event: { a: [1, 2] } };
    const wire = wireRequest(app, payload, 1_700_000_000_123);
    expect(wire.headers['X-Lark-Request-Timestamp']).toBe('1700000000');
    expect(wire.headers['X-Lark-Request-Nonce']).toMatch(/^[a-z0-9]{16}$/);
    const body = JSON.parse(wire.body) as { encrypt: string };
    expect(Object.keys(body)).toEqual(['encrypt']);
    expect(wire.body).toBe(JSON.stringify(body)); // compact
    expect(decryptEvent(body.encrypt, 'ek')).toBe(JSON.stringify(payload));
    expect(wire.headers['X-Lark-Signature']).toBe(
      signEvent('1700000000', wire.headers['X-Lark-Request-Nonce'] ?? '', 'ek', wire.body),
    );

    const plain = wireRequest({ ...app, encryptKey: '' }, payload, 1_700_000_000_123);
    expect(plain.body).toBe('{"schema":"2.0","header":{"event_id":"e1"},"event":{"a":[1,2]}}');
    expect(plain.headers['X-Lark-Signature']).toBeUndefined();
  });
});
