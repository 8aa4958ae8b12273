// The shared sign-in contract: which loopback redirect URIs are accepted (RFC 8252, one path,
// literal addresses, any port), and the request schemas' strictness.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createLoginTransactionSchema,
  isLoopbackRedirect,
  loopbackRedirectUri,
  tokenRequestSchema,
} from '../../../../shared/domain/auth/index.ts';

describe('loopback redirect URIs', () => {
  it('accepts http to 127.0.0.1 or [::1], any port, the one path', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), fc.boolean(), (port, v6) => {
        const uri = loopbackRedirectUri(port, v6 ? '::1' : '127.0.0.1');
        expect(isLoopbackRedirect(uri)).toBe(true);
      }),
    );
    expect(isLoopbackRedirect('http://127.0.0.1/callback')).toBe(true);
  });

  it('refuses everything else', () => {
    for (const bad of [
      'https://127.0.0.1:8080/callback',
      'http://localhost:8080/callback',
      'http://127.0.0.1:8080/callback/',
      'http://127.0.0.1:08080/callback',
      'http://127.0.0.1:0/callback',
      'http://127.0.0.1:65536/callback',
      'http://127.0.0.1:8080/Callback',
      'http://127.0.0.1.evil.example:8080/callback',
      'http://127.0.0.1:8080@evil.example/callback',
      'http://[::ffff:127.0.0.1]:8080/callback',
      'HTTP://127.0.0.1:8080/callback',
      ' http://127.0.0.1:8080/callback',
      'http://127.0.0.1:8080/callback\n',
    ])
      expect(isLoopbackRedirect(bad), bad).toBe(false);
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const ok = /^http:\/\/(127\.0\.0\.1|\[::1\])(:[1-9]\d{0,4})?\/callback$/.test(url);
        if (!ok) expect(isLoopbackRedirect(url)).toBe(false);
      }),
    );
  });
});

describe('request schemas', () => {
  const valid = {
    enterprise_id: 'abcd-efgh-jkmn',
    source_id: '8c1f2d8e-2f5c-4a3e-9c7b-0c6f7d9e1a2b',
    redirect_uri: 'http://127.0.0.1:49152/callback',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    state: 'af0ifjsldkj-state-0001',
    device: { id: 'device-0001', name: '张三的 MacBook', os: 'macOS 15.2', app_version: '1.2.3' },
  };

  it('accepts a well-formed transaction and refuses extra or malformed fields', () => {
    expect(createLoginTransactionSchema.safeParse(valid).success).toBe(true);
    for (const broken of [
      { ...valid, scope: 'x' },
      { ...valid, code_challenge_method: 'plain' },
      { ...valid, state: 'short' },
      { ...valid, state: 'has space in it 123456' },
      { ...valid, device: { ...valid.device, name: 'tab\tname' } },
      { ...valid, device: { ...valid.device, id: 'x' } },
      { ...valid, device: { ...valid.device, extra: 1 } },
    ])
      expect(createLoginTransactionSchema.safeParse(broken).success).toBe(false);
  });

  it('tells the two grants apart and refuses anything else', () => {
    expect(
      tokenRequestSchema.safeParse({
        grant_type: 'refresh_token',
        refresh_token: 'r'.repeat(43),
        device_id: 'device-0001',
      }).success,
    ).toBe(true);
    expect(
      tokenRequestSchema.safeParse({
        grant_type: 'handoff_code',
        code: 'c'.repeat(43),
        code_verifier: 'v'.repeat(43),
        transaction_id: valid.source_id,
      }).success,
    ).toBe(true);
    for (const bad of [
      { grant_type: 'authorization_code', code: 'c'.repeat(43) },
      { grant_type: 'refresh_token', refresh_token: 'r'.repeat(43) },
      {
        grant_type: 'handoff_code',
        code: 'c'.repeat(43),
        code_verifier: 'short',
        transaction_id: valid.source_id,
      },
    ])
      expect(tokenRequestSchema.safeParse(bad).success).toBe(false);
  });
});
