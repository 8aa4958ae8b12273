// Runs a PAC file the way a browser does: in its own JavaScript context with the standard PAC
// helper functions (written here after the Netscape/Mozilla definitions), dnsResolve answered
// from a table, and optionally Microsoft's IPv6 extension isInNetEx.
import { Script, createContext } from 'node:vm';
import { parseIpBlock, parseIpv4, parseIpv6 } from '../../../shared/domain/policy/ip.ts';

export interface PacSandboxOptions {
  dns?: Record<string, string>;
  /** Provide isInNetEx (Chrome, Edge, Windows) or not (Firefox, classic PAC). */
  ipv6Extensions?: boolean;
}

export interface PacRun {
  find(url: string, host: string): string;
  /** Names dnsResolve was asked for. */
  resolved: string[];
}

const toNumber = (ip: string): number | undefined => parseIpv4(ip);

export function loadPac(source: string, options: PacSandboxOptions = {}): PacRun {
  const resolved: string[] = [];
  const dnsResolve = (host: string): string | null => {
    resolved.push(host);
    return options.dns?.[host] ?? null;
  };
  const helpers: Record<string, unknown> = {
    isPlainHostName: (host: string) => host.indexOf('.') === -1,
    dnsDomainIs: (host: string, domain: string) =>
      host.length >= domain.length && host.substring(host.length - domain.length) === domain,
    localHostOrDomainIs: (host: string, hostdom: string) =>
      host === hostdom || hostdom.lastIndexOf(`${host}.`, 0) === 0,
    shExpMatch: (str: string, pattern: string) => {
      const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.');
      return new RegExp(`^${re}$`).test(str);
    },
    dnsResolve,
    isResolvable: (host: string) => dnsResolve(host) !== null,
    isInNet: (ipaddr: string, pattern: string, maskstr: string) => {
      const ip = toNumber(ipaddr) ?? toNumber(dnsResolve(ipaddr) ?? '');
      const p = toNumber(pattern);
      const m = toNumber(maskstr);
      if (ip === undefined || p === undefined || m === undefined) return false;
      return (ip & m) >>> 0 === (p & m) >>> 0;
    },
    myIpAddress: () => '127.0.0.1',
  };
  if (options.ipv6Extensions) {
    helpers.isInNetEx = (ipaddr: string, prefix: string) => {
      const block = parseIpBlock(prefix);
      const ip = parseIpv6(ipaddr);
      if (!block || 'error' in block || block.family !== 6 || ip === undefined) return false;
      return ip >= block.start && ip <= block.end;
    };
  }
  const context = createContext(helpers);
  new Script(source, { filename: 'proxy.pac' }).runInContext(context, { timeout: 1000 });
  const find = context.FindProxyForURL as (url: string, host: string) => string;
  return { find: (url, host) => String(find(url, host)), resolved };
}
