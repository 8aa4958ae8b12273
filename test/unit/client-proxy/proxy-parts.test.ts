// The proxy's small pure parts: who may connect, Host of the proxy's own pages, hop-by-hop
// headers, CONNECT targets, IP text, the denied page and CONNECT refusal, the decision log.
import { describe, expect, it } from 'vitest';
import { parseConnectTarget } from '../../../main/core/proxy/connect-tunnel.ts';
import { DecisionLog, type DecisionInput } from '../../../main/core/proxy/decision-log.ts';
import { deniedConnectResponse, renderDeniedPage } from '../../../main/core/proxy/denied-page.ts';
import { literalAddress } from '../../../main/core/proxy/destination-policy.ts';
import { endToEndHeaders } from '../../../main/core/proxy/hop-by-hop.ts';
import { ipv4Netmask, ipv4Text, ipv6Text } from '../../../main/core/proxy/ip-text.ts';
import { isLoopbackAddress, isOwnHostHeader } from '../../../main/core/proxy/loopback.ts';

describe('loopback peers and Host', () => {
  it('accepts only loopback peers', () => {
    for (const a of ['127.0.0.1', '127.9.8.7', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) {
      expect([a, isLoopbackAddress(a)]).toEqual([a, true]);
    }
    for (const a of [
      undefined,
      '',
      '10.0.0.1',
      '192.168.1.2',
      '::2',
      'fe80::1',
      '::ffff:10.0.0.1',
      '128.0.0.1',
      'localhost',
    ]) {
      expect([a, isLoopbackAddress(a)]).toEqual([a, false]);
    }
  });

  it('serves its own pages only under a loopback Host with its port', () => {
    expect(isOwnHostHeader('127.0.0.1:8080', 8080)).toBe(true);
    expect(isOwnHostHeader('LOCALHOST:8080', 8080)).toBe(true);
    expect(isOwnHostHeader('[::1]:8080', 8080)).toBe(true);
    expect(isOwnHostHeader('127.0.0.1:8081', 8080)).toBe(false);
    expect(isOwnHostHeader('evil.example:8080', 8080)).toBe(false);
    expect(isOwnHostHeader(undefined, 8080)).toBe(false);
  });
});

describe('hop-by-hop headers', () => {
  it('drops the fixed list and whatever Connection names, keeps order and repeats', () => {
    const raw = [
      'Host',
      'a',
      'Connection',
      'keep-alive, X-Secret , Upgrade',
      'Keep-Alive',
      'timeout=5',
      'X-Secret',
      's',
      'Set-Cookie',
      '1',
      'TE',
      'trailers',
      'Set-Cookie',
      '2',
      'Transfer-Encoding',
      'chunked',
      'Proxy-Authorization',
      'Basic x',
      'Proxy-Connection',
      'close',
      'Trailer',
      'X',
      'Upgrade',
      'websocket',
      'Accept',
      '*/*',
    ];
    expect(endToEndHeaders(raw, new Set(['host']))).toEqual([
      'Set-Cookie',
      '1',
      'Set-Cookie',
      '2',
      'Accept',
      '*/*',
    ]);
  });
});

describe('CONNECT targets and IP text', () => {
  it('parses host:port and [v6]:port, refuses the rest', () => {
    expect(parseConnectTarget('git.corp.example:443')).toEqual({
      host: 'git.corp.example',
      port: 443,
    });
    expect(parseConnectTarget('[fd00::1]:22')).toEqual({ host: '[fd00::1]', port: 22 });
    for (const bad of [
      'git.corp.example',
      ':443',
      'a:0',
      'a:65536',
      'a b:1',
      'fd00::1:443',
      'a/b:1',
      '',
    ]) {
      expect([bad, parseConnectTarget(bad)]).toEqual([bad, undefined]);
    }
  });

  it('writes addresses and netmasks', () => {
    expect(ipv4Text(0x0a140304)).toBe('10.20.3.4');
    expect(ipv4Netmask(0)).toBe('0.0.0.0');
    expect(ipv4Netmask(16)).toBe('255.255.0.0');
    expect(ipv4Netmask(27)).toBe('255.255.255.224');
    expect(ipv4Netmask(32)).toBe('255.255.255.255');
    expect(ipv6Text(1n)).toBe('0:0:0:0:0:0:0:1');
    expect(literalAddress('[FD00::1]')).toBe('fd00:0:0:0:0:0:0:1');
    // Browsers read these as IPv4: the proxy connects where they would.
    expect(literalAddress('0x7f000001')).toBe('127.0.0.1');
    expect(literalAddress('127.1')).toBe('127.0.0.1');
    expect(literalAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(literalAddress('git.corp.example')).toBeUndefined();
  });
});

describe('denied answers', () => {
  it('names application, policy and reason, escaped, in the reader language', () => {
    const info = {
      host: 'pay.corp.example',
      port: 80,
      reason: 'matched_deny' as const,
      appId: 'payroll',
      appName: 'Payroll <b>',
      policyName: 'No "HR" data',
    };
    const en = renderDeniedPage('en', info);
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Payroll &#60;b&#62; (payroll)');
    expect(en).toContain('Denied by the policy &#34;No &#34;HR&#34; data&#34;.');
    expect(en).toContain('pay.corp.example:80');
    expect(en).not.toContain('<b>');
    expect(en).not.toMatch(/<script/i);
    const zh = renderDeniedPage('zh-CN', { ...info, host: 'fd00::1', reason: 'default_deny' });
    expect(zh).toContain('没有任何策略允许你访问此应用。');
    expect(zh).toContain('[fd00::1]:80');
  });

  it('refuses a CONNECT with ASCII headers and a two-language body', () => {
    const r = deniedConnectResponse({
      host: 'a',
      port: 443,
      reason: 'matched_deny',
      appId: 'pay',
      policyName: '财务禁止',
    });
    const [head, body] = r.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
    expect(head).toContain('X-Gatehouse-Reason: matched_deny');
    expect(head).toContain(`X-Gatehouse-Policy: ${encodeURIComponent('财务禁止')}`);
    expect(/^[\x20-\x7e\r\n]*$/.test(head!)).toBe(true);
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body!)}`);
    expect(body).toContain('Denied by the policy "财务禁止".');
    expect(body).toContain('策略“财务禁止”拒绝访问。');
  });
});

describe('decision log', () => {
  const d = (host: string, outcome: DecisionInput['outcome'] = 'deny'): DecisionInput => ({
    outcome,
    via: 'http',
    host,
    port: 80,
    ...(outcome === 'direct' ? {} : { reason: 'default_deny' as const }),
  });

  it('keeps the last N, newest first, and counts repeats in place', () => {
    const log = new DecisionLog(3);
    log.record(d('a'), 1);
    log.record(d('b'), 2);
    log.record(d('a'), 3);
    log.record(d('c', 'direct'), 4);
    log.record(d('e'), 5);
    const recent = log.recent();
    expect(recent.map((x) => [x.host, x.count, x.firstAt, x.lastAt])).toEqual([
      ['e', 1, 5, 5],
      ['c', 1, 4, 4],
      ['a', 2, 1, 3],
    ]);
    expect(log.recent({ limit: 1 }).map((x) => x.host)).toEqual(['e']);
    expect(log.recent({ onlyDenied: true }).map((x) => x.host)).toEqual(['e', 'a']);
    // Copies: a reader cannot change the log.
    recent[0]!.count = 99;
    expect(log.recent()[0]!.count).toBe(1);
  });
});
