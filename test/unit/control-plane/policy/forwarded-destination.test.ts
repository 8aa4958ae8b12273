import { describe, expect, it } from 'vitest';
import { forwardedDestination } from '../../../../control-plane/gateway/forwarded-destination.ts';
import { platformOf } from '../../../../control-plane/policy/platform-of.ts';

describe('forwardedDestination', () => {
  it('reads X-Original-URL (nginx) with default and explicit ports', () => {
    expect(forwardedDestination({ 'x-original-url': 'https://git.corp.example/a/b?c=1' })).toEqual({
      host: 'git.corp.example',
      port: 443,
      protocol: 'https',
      path: '/a/b?c=1',
    });
    expect(
      forwardedDestination({
        'x-original-url': 'http://[fd00::1]:8080/x',
        'x-original-method': 'POST',
      }),
    ).toEqual({ host: '[fd00::1]', port: 8080, protocol: 'http', path: '/x', method: 'POST' });
  });

  it('reads X-Forwarded-* (Traefik, Caddy), the host header port winning over X-Forwarded-Port', () => {
    expect(
      forwardedDestination({
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'wiki.corp.example',
        'x-forwarded-port': '8443',
        'x-forwarded-uri': '/page',
        'x-forwarded-method': 'GET',
      }),
    ).toEqual({
      host: 'wiki.corp.example',
      port: 8443,
      protocol: 'https',
      path: '/page',
      method: 'GET',
    });
    expect(
      forwardedDestination({
        'x-forwarded-host': 'wiki.corp.example:81',
        'x-forwarded-port': '82',
      }),
    ).toMatchObject({ host: 'wiki.corp.example', port: 81, protocol: 'http', path: '/' });
    // Proxies that append keep the first (edge) value.
    expect(
      forwardedDestination({ 'x-forwarded-host': 'a.corp.example, b.corp.example' }),
    ).toMatchObject({ host: 'a.corp.example', port: 80 });
  });

  it('refuses what is not a destination', () => {
    expect(forwardedDestination({})).toBeUndefined();
    expect(forwardedDestination({ 'x-original-url': 'not a url' })).toBeUndefined();
    expect(forwardedDestination({ 'x-original-url': 'ftp://files.corp.example/' })).toBeUndefined();
    expect(forwardedDestination({ 'x-forwarded-host': 'a.corp.example/evil' })).toBeUndefined();
    expect(forwardedDestination({ 'x-forwarded-host': 'user@a.corp.example' })).toBeUndefined();
    expect(
      forwardedDestination({ 'x-forwarded-host': 'a.corp.example', 'x-forwarded-proto': 'gopher' }),
    ).toBeUndefined();
  });
});

describe('platformOf', () => {
  it('maps what clients report as their OS', () => {
    expect(platformOf('macOS 15.1')).toBe('macos');
    expect(platformOf('Darwin 24.0.0')).toBe('macos');
    expect(platformOf('Windows 11 Pro')).toBe('windows');
    expect(platformOf('win32')).toBe('windows');
    expect(platformOf('Linux 6.1')).toBe('linux');
    expect(platformOf('FreeBSD 14')).toBeUndefined();
    expect(platformOf(null)).toBeUndefined();
  });
});
