import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadMasterKey,
  MasterKeyError,
  parseMasterKey,
} from '../../../control-plane/security/master-key.ts';
import { hashPassword, verifyPassword } from '../../../control-plane/security/password-hash.ts';
import { RateLimiter } from '../../../control-plane/security/rate-limiter.ts';
import { SecretBox } from '../../../control-plane/security/secret-box.ts';
import { csrfTokenFor, randomToken } from '../../../control-plane/security/tokens.ts';
import { ManualClock } from '../../fixtures/manual-clock.ts';

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips, with a fresh nonce each time', () => {
    const a = box.encrypt('app-secret-value', 'identity_source:1:app_secret');
    const b = box.encrypt('app-secret-value', 'identity_source:1:app_secret');
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(`^v1\\.${box.keyId}\\.`));
    expect(a).not.toContain('app-secret-value');
    expect(box.decrypt(a, 'identity_source:1:app_secret')).toBe('app-secret-value');
    expect(box.decrypt(box.encrypt('', 'c'), 'c')).toBe('');
    expect(box.decrypt(box.encrypt('飞书密钥', 'c'), 'c')).toBe('飞书密钥');
  });

  it('refuses another context, a tampered ciphertext and another key', () => {
    const sealed = box.encrypt('secret', 'identity_source:1:app_secret');
    expect(() => box.decrypt(sealed, 'identity_source:2:app_secret')).toThrow();
    expect(() => box.decrypt(sealed, 'identity_source:1:encrypt_key')).toThrow();
    const raw = Buffer.from(sealed.split('.')[2]!, 'base64url');
    raw[14]! ^= 1;
    expect(() =>
      box.decrypt(`v1.${box.keyId}.${raw.toString('base64url')}`, 'identity_source:1:app_secret'),
    ).toThrow();
    const other = new SecretBox(randomBytes(32));
    expect(() => other.decrypt(sealed, 'identity_source:1:app_secret')).toThrow(/master key/);
    expect(() => new SecretBox(randomBytes(16))).toThrow(RangeError);
  });

  it('derives independent purpose keys', () => {
    expect(box.deriveKey('a').equals(box.deriveKey('a'))).toBe(true);
    expect(box.deriveKey('a').equals(box.deriveKey('b'))).toBe(false);
  });
});

describe('master key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a key file with mode 0600 once and reads it back afterwards', () => {
    const path = join(dir, 'sub', 'master.key');
    const created = loadMasterKey({ keyFile: path });
    expect(created.source).toBe('file-created');
    expect(created.key).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = loadMasterKey({ keyFile: path });
    expect(again.source).toBe('file');
    expect(again.key.equals(created.key)).toBe(true);
  });

  it('refuses a key file others can read, and one without 32 bytes', () => {
    const loose = join(dir, 'loose.key');
    writeFileSync(loose, randomBytes(32).toString('base64'));
    chmodSync(loose, 0o644);
    expect(() => loadMasterKey({ keyFile: loose })).toThrow(/chmod 600/);
    const short = join(dir, 'short.key');
    writeFileSync(short, randomBytes(8).toString('base64'), { mode: 0o600 });
    expect(() => loadMasterKey({ keyFile: short })).toThrow(MasterKeyError);
  });

  it('prefers GATEHOUSE_MASTER_KEY and explains a bad one', () => {
    const key = randomBytes(32);
    const fromEnv = loadMasterKey({
      base64: key.toString('base64'),
      keyFile: join(dir, 'unused.key'),
    });
    expect(fromEnv).toMatchObject({ source: 'env' });
    expect(fromEnv.key.equals(key)).toBe(true);
    expect(() => readFileSync(join(dir, 'unused.key'))).toThrow();
    expect(() => parseMasterKey('too-short')).toThrow(/openssl rand -base64 32/);
    expect(() => parseMasterKey('not base64 at all!!')).toThrow(MasterKeyError);
  });
});

describe('password hashing', () => {
  it('verifies the right password only, with a per-hash salt', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    expect(await verifyPassword('anything', 'garbage')).toBe(false);
    expect(await verifyPassword('anything', 'scrypt$0$8$1$aa$bb')).toBe(false);
  });

  it('keeps its parameters in the hash so they can change later', async () => {
    const cheap = await hashPassword('x password', { N: 1024, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('x password', cheap)).toBe(true);
  });
});

describe('tokens and rate limiting', () => {
  it('makes URL-safe random tokens and session-bound CSRF tokens', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const key = randomBytes(32);
    expect(csrfTokenFor(key, 's1')).toBe(csrfTokenFor(key, 's1'));
    expect(csrfTokenFor(key, 's1')).not.toBe(csrfTokenFor(key, 's2'));
    expect(csrfTokenFor(randomBytes(32), 's1')).not.toBe(csrfTokenFor(key, 's1'));
  });

  it('limits per key and window, and stays bounded in memory', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ limit: 2, windowMs: 10_000, clock, maxKeys: 100 });
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('a').allowed).toBe(true);
    const third = limiter.hit('a');
    expect(third).toMatchObject({ allowed: false, retryAfterSeconds: 10, remaining: 0 });
    expect(limiter.hit('b').allowed).toBe(true);
    clock.advance(10_000);
    expect(limiter.hit('a').allowed).toBe(true);
    for (let i = 0; i < 1000; i++) limiter.hit(`k${i}`);
    // The oldest keys were dropped: "b" starts a fresh window.
    expect(limiter.hit('b')).toMatchObject({ allowed: true, remaining: 1 });
  });
});
