// Which control-plane URLs the client accepts, and how API paths join onto them. Production
// control planes are https; plain http is accepted only on a loopback host (development, the
// sandbox and tests), where nothing crosses a network.
import { z } from 'zod';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const isLoopbackHost = (hostname: string): boolean =>
  LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);

export type ControlPlaneUrlProblem =
  'not-a-url' | 'scheme' | 'insecure-http' | 'credentials' | 'query-or-fragment';

export type ControlPlaneUrlResult =
  { ok: true; url: string; origin: string } | { ok: false; problem: ControlPlaneUrlProblem };

/**
 * The canonical base URL (origin plus an optional path prefix, no trailing slash) or why the
 * input cannot be one. A person may type "gate.example.com": a missing scheme means https.
 */
export function parseControlPlaneUrl(input: string): ControlPlaneUrlResult {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 2048) return { ok: false, problem: 'not-a-url' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, problem: 'not-a-url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, problem: 'scheme' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, problem: 'insecure-http' };
  }
  if (url.username || url.password) return { ok: false, problem: 'credentials' };
  if (url.search || url.hash) return { ok: false, problem: 'query-or-fragment' };
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.origin}${path}`, origin: url.origin };
}

/** A zod schema for config files and stores: accepts what parseControlPlaneUrl accepts. */
export const controlPlaneUrlSchema = z.string().transform((value, ctx) => {
  const parsed = parseControlPlaneUrl(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: `not a usable control-plane URL (${parsed.problem})` });
    return z.NEVER;
  }
  return parsed.url;
});

/**
 * Joins an API path ("/api/v1/discovery") onto the base URL. Only absolute paths without a
 * scheme or authority are accepted, so a path from elsewhere can never point a request (and its
 * bearer token) at another host.
 */
export function joinApiPath(baseUrl: string, path: string): URL {
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) {
    throw new TypeError(`API path must be absolute and local: ${path}`);
  }
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${path}`);
  if (url.origin !== new URL(baseUrl).origin) throw new TypeError(`API path leaves the origin`);
  return url;
}
