// The pure decisions the Electron shell applies: which URLs open in the system browser, where
// the QR view may navigate, and whether the app updates itself.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decideQrNavigation,
  FEISHU_SIGN_IN_ORIGINS,
  isExternalSignInUrl,
  signInOrigins,
} from '../../../main/core/sign-in-url-policy.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decideUpdates,
  readBuiltInFeedUrl,
  type UpdateContext,
} from '../../../main/core/update-policy.ts';

const origins = signInOrigins('https://gate.example.com/prefix');

describe('external sign-in URLs', () => {
  it('lists the control plane origin and the Feishu/Lark hosts, without duplicates', () => {
    expect(origins[0]).toBe('https://gate.example.com');
    expect(origins).toEqual(expect.arrayContaining([...FEISHU_SIGN_IN_ORIGINS]));
    expect(signInOrigins('https://open.feishu.cn')).toHaveLength(FEISHU_SIGN_IN_ORIGINS.length);
  });

  it('opens only https pages of the sign-in flow', () => {
    expect(
      isExternalSignInUrl('https://gate.example.com/api/v1/login/abc/authorize', origins),
    ).toBe(true);
    expect(
      isExternalSignInUrl('https://accounts.feishu.cn/open-apis/authen/v1/authorize?x=1', origins),
    ).toBe(true);
    expect(isExternalSignInUrl('http://gate.example.com/login', origins)).toBe(false);
    expect(isExternalSignInUrl('https://gate.example.com.evil.example/', origins)).toBe(false);
    expect(isExternalSignInUrl('https://gate.example.com:8443/', origins)).toBe(false);
    expect(isExternalSignInUrl('https://user:pw@gate.example.com/', origins)).toBe(false);
    expect(isExternalSignInUrl('file:///etc/passwd', origins)).toBe(false);
    expect(isExternalSignInUrl('javascript:alert(1)', origins)).toBe(false);
    expect(isExternalSignInUrl('smb://share/x', origins)).toBe(false);
    expect(isExternalSignInUrl('not a url', origins)).toBe(false);
  });

  it('allows a loopback http control plane only when asked (development)', () => {
    const dev = signInOrigins('http://127.0.0.1:4100');
    expect(isExternalSignInUrl('http://127.0.0.1:4100/login', dev)).toBe(false);
    expect(
      isExternalSignInUrl('http://127.0.0.1:4100/login', dev, { allowLoopbackHttp: true }),
    ).toBe(true);
    expect(
      isExternalSignInUrl('http://127.0.0.1:4101/login', dev, { allowLoopbackHttp: true }),
    ).toBe(false);
  });

  it('never allows a URL whose origin is not listed', () => {
    fc.assert(
      fc.property(fc.webUrl(), (url) => {
        const allowed = isExternalSignInUrl(url, origins);
        if (allowed) expect(origins).toContain(new URL(url).origin);
      }),
    );
  });
});

describe('QR view navigation', () => {
  const ctx = { allowedOrigins: origins, loopbackRedirectUri: 'http://127.0.0.1:53123/callback' };

  it('allows the control plane and Feishu pages', () => {
    expect(decideQrNavigation('https://gate.example.com/api/v1/login/t/qr', ctx)).toBe('allow');
    expect(
      decideQrNavigation(
        'https://passport.feishu.cn/suite/passport/oauth/authorize?client_id=x',
        ctx,
      ),
    ).toBe('allow');
    expect(decideQrNavigation('about:blank', ctx)).toBe('allow');
  });

  it('recognizes the sign-in redirect to the loopback listener', () => {
    expect(decideQrNavigation('http://127.0.0.1:53123/callback?code=c&state=s', ctx)).toBe(
      'loopback',
    );
  });

  it('denies everything else: other hosts, schemes, loopback ports and paths', () => {
    for (const url of [
      'https://evil.example/',
      'http://passport.feishu.cn/x',
      'http://127.0.0.1:53124/callback?code=c',
      'http://127.0.0.1:53123/other',
      'http://localhost:53123/callback?code=c',
      'file:///C:/Windows/win.ini',
      'data:text/html,<script>1</script>',
      'javascript:alert(1)',
      'https://www.feishu.cn/download',
    ]) {
      expect(decideQrNavigation(url, ctx), url).toBe('deny');
    }
    expect(
      decideQrNavigation('http://127.0.0.1:53123/callback', {
        ...ctx,
        loopbackRedirectUri: undefined,
      }),
    ).toBe('deny');
  });

  it('allows a loopback control plane (the sandbox) when it is the configured one', () => {
    const dev = {
      allowedOrigins: signInOrigins('http://127.0.0.1:4100', ['http://127.0.0.1:4200']),
      loopbackRedirectUri: undefined,
    };
    expect(decideQrNavigation('http://127.0.0.1:4200/suite/passport/oauth/authorize', dev)).toBe(
      'allow',
    );
    expect(decideQrNavigation('http://127.0.0.1:4300/', dev)).toBe('deny');
  });
});

describe('update decision', () => {
  const base: UpdateContext = {
    updatesDisabled: false,
    policyFeedUrl: undefined,
    builtInFeedUrl: 'https://updates.gatehouse.example/stable',
    isPackaged: true,
    platform: 'win32',
    env: {},
  };

  it('uses the built-in feed, or the policy feed when IT sets one', () => {
    expect(decideUpdates(base)).toEqual({
      enabled: true,
      feedUrl: 'https://updates.gatehouse.example/stable',
    });
    expect(decideUpdates({ ...base, policyFeedUrl: 'https://mirror.corp/gh' })).toEqual({
      enabled: true,
      feedUrl: 'https://mirror.corp/gh',
    });
  });

  it('is off when policy says so, in development, without a feed, or with an http feed', () => {
    expect(decideUpdates({ ...base, updatesDisabled: true, policyFeedUrl: 'https://x' })).toEqual({
      enabled: false,
      reason: 'disabled-by-policy',
    });
    expect(decideUpdates({ ...base, isPackaged: false })).toMatchObject({ reason: 'not-packaged' });
    expect(decideUpdates({ ...base, builtInFeedUrl: undefined })).toMatchObject({
      reason: 'no-feed',
    });
    expect(decideUpdates({ ...base, builtInFeedUrl: 'http://updates.example' })).toMatchObject({
      reason: 'invalid-feed',
    });
  });

  it('on Linux only an AppImage updates itself; deb/rpm belong to the package manager', () => {
    expect(decideUpdates({ ...base, platform: 'linux' })).toMatchObject({
      reason: 'package-manager',
    });
    expect(
      decideUpdates({ ...base, platform: 'linux', env: { APPIMAGE: '/opt/Gatehouse.AppImage' } }),
    ).toMatchObject({
      enabled: true,
    });
  });
});

describe('built-in update feed', () => {
  it('is read from the app-update.yml electron-builder writes into resources/', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-res-'));
    try {
      writeFileSync(
        join(dir, 'app-update.yml'),
        'provider: generic\nurl: https://updates.example.com/gh\nchannel: latest\n',
      );
      expect(readBuiltInFeedUrl(dir)).toBe('https://updates.example.com/gh');
      expect(readBuiltInFeedUrl(join(dir, 'none'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
