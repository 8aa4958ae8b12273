// Which proxy (if any) a request to the control plane goes through. Corporate laptops set it in
// the environment (HTTP(S)_PROXY / NO_PROXY) or in the OS (PAC files, WPAD), which Chromium
// resolves for the Electron adapter; both end here as a proxy URL or "direct". Loopback targets
// are always direct: a proxy cannot reach this machine's 127.0.0.1.
import { isIP } from 'node:net';
import { isLoopbackHost } from './control-plane-http-url.ts';

/** A proxy URL ("http://proxy.corp:8080") for the target, or undefined for a direct connection. */
export type ProxyResolver = (target: URL) => Promise<string | undefined>;

type Env = Record<string, string | undefined>;

const pick = (env: Env, ...names: string[]): string | undefined => {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
};

const normalizeProxyUrl = (raw: string): string | undefined => {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.href.replace(/\/$/, '');
  } catch {
    return undefined;
  }
};

const defaultPort = (url: URL): string => url.port || (url.protocol === 'https:' ? '443' : '80');

const ipv4ToInt = (ip: string): number =>
  ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);

const inIpv4Cidr = (host: string, cidr: string): boolean => {
  const [network, bitsRaw] = cidr.split('/');
  const bits = Number(bitsRaw);
  if (!network || isIP(network) !== 4 || isIP(host) !== 4) return false;
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  if (bits === 0) return true;
  const shift = 32 - bits;
  return ipv4ToInt(host) >>> shift === ipv4ToInt(network) >>> shift;
};

/**
 * NO_PROXY as curl and most tools read it: comma or space separated; "*" matches everything;
 * "example.com" and ".example.com" match the host and its subdomains; "host:port" also checks
 * the port; IPv4 CIDR ranges ("10.0.0.0/8") match addresses in them.
 */
export function matchesNoProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = defaultPort(target);
  for (const raw of noProxy.split(/[,\s]+/)) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (inIpv4Cidr(host, entry)) return true;
      continue;
    }
    let entryPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1]!;
      entryPort = bracketed[2];
    } else if (isIP(entry) !== 6) {
      const colon = entry.lastIndexOf(':');
      if (colon > 0 && /^\d+$/.test(entry.slice(colon + 1))) {
        entryPort = entry.slice(colon + 1);
        entry = entry.slice(0, colon);
      }
    }
    entry = entry.replace(/^\*?\./, '');
    if (entryPort && entryPort !== port) continue;
    if (host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/** The proxy the environment asks for, lower-case names first (the curl convention). */
export function proxyFromEnv(target: URL, env: Env): string | undefined {
  if (isLoopbackHost(target.hostname)) return undefined;
  if (matchesNoProxy(target, pick(env, 'no_proxy', 'NO_PROXY'))) return undefined;
  const raw =
    target.protocol === 'https:'
      ? pick(env, 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY')
      : pick(env, 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY');
  return raw ? normalizeProxyUrl(raw) : undefined;
}

export const envProxyResolver =
  (env: Env = process.env): ProxyResolver =>
  async (target) =>
    proxyFromEnv(target, env);

/**
 * Reads Chromium's proxy answer ("PROXY a:8080; HTTPS b:443; DIRECT", what
 * session.resolveProxy returns after PAC/WPAD/system settings) into the first entry this client
 * can use. SOCKS entries are skipped; an answer with nothing usable means direct.
 */
export function parseChromiumProxyList(answer: string): string | undefined {
  for (const item of answer.split(';')) {
    const [kind, hostPort] = item.trim().split(/\s+/);
    const type = kind?.toUpperCase();
    if (type === 'DIRECT') return undefined;
    if ((type === 'PROXY' || type === 'HTTP') && hostPort) return normalizeProxyUrl(hostPort);
    if (type === 'HTTPS' && hostPort) return normalizeProxyUrl(`https://${hostPort}`);
  }
  return undefined;
}

/** The OS answer, unless the environment names a proxy explicitly (an admin's override wins). */
export const systemProxyResolver =
  (resolveChromium: (url: string) => Promise<string>, env: Env = process.env): ProxyResolver =>
  async (target) => {
    if (isLoopbackHost(target.hostname)) return undefined;
    const fromEnv = proxyFromEnv(target, env);
    if (fromEnv || matchesNoProxy(target, pick(env, 'no_proxy', 'NO_PROXY'))) return fromEnv;
    return parseChromiumProxyList(await resolveChromium(target.href));
  };
