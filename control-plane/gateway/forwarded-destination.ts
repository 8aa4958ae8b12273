// Where the request a gateway asks about was going, read from the headers forward-auth
// gateways send: nginx (X-Original-URL, or X-Forwarded-* set in the config), Traefik and Caddy
// (X-Forwarded-Proto/-Host/-Port/-Uri/-Method). The gateway authenticated with its key, so
// these headers are its statement, not the browser's.
import type { DestinationQuery } from './gateway-decision.ts';

type Headers = Record<string, string | string[] | undefined>;

const one = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  const s = Array.isArray(v) ? v[0] : v;
  // Proxies append: "a, b" -> the first is what the client asked for at the edge.
  return s?.split(',')[0]?.trim() || undefined;
};

const PROTOCOLS = new Set(['http', 'https']);
const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 };

export function forwardedDestination(h: Headers): DestinationQuery | undefined {
  const original = one(h, 'x-original-url');
  if (original) {
    let url: URL;
    try {
      url = new URL(original);
    } catch {
      return undefined;
    }
    const proto = url.protocol.replace(/:$/, '');
    if (!PROTOCOLS.has(proto)) return undefined;
    return {
      host: url.hostname,
      port: url.port ? Number(url.port) : DEFAULT_PORT[proto]!,
      protocol: proto as 'http' | 'https',
      path: `${url.pathname}${url.search}`,
      ...(one(h, 'x-original-method') || one(h, 'x-forwarded-method')
        ? { method: (one(h, 'x-original-method') ?? one(h, 'x-forwarded-method'))! }
        : {}),
    };
  }
  const hostHeader = one(h, 'x-forwarded-host');
  if (!hostHeader) return undefined;
  const proto = (one(h, 'x-forwarded-proto') ?? 'http').toLowerCase();
  if (!PROTOCOLS.has(proto)) return undefined;
  let url: URL;
  try {
    url = new URL(`${proto}://${hostHeader}`);
  } catch {
    return undefined;
  }
  if (url.pathname !== '/' || url.search || url.username || url.password) return undefined;
  const portHeader = one(h, 'x-forwarded-port');
  const port = url.port
    ? Number(url.port)
    : portHeader && /^\d{1,5}$/.test(portHeader)
      ? Number(portHeader)
      : DEFAULT_PORT[proto]!;
  const method = one(h, 'x-forwarded-method');
  return {
    host: url.hostname,
    port,
    protocol: proto as 'http' | 'https',
    path: one(h, 'x-forwarded-uri') ?? '/',
    ...(method ? { method } : {}),
  };
}
