// What the platform's gateway knows about a request before any API runs: which brand it came
// in on, the path without the brand prefix, whether it is an Open Platform request at all
// (never /sandbox), and which app is calling (tenant token, else app_id/client_id).
import type { FastifyRequest } from 'fastify';
import { BRAND_PREFIX, type SandboxContext } from '../context.ts';
import { bearerToken } from '../openapi/auth-guard.ts';
import { tokenStoreFor } from '../openapi/token-store.ts';
import type { Brand } from '../org/types.ts';

export function pathOf(request: FastifyRequest): string {
  const q = request.url.indexOf('?');
  return q === -1 ? request.url : request.url.slice(0, q);
}

export function isSandboxPath(path: string): boolean {
  return path === '/sandbox' || path.startsWith('/sandbox/');
}

export function brandOf(path: string): { brand: Brand; rest: string } {
  const lark = BRAND_PREFIX.lark;
  if (path === lark || path.startsWith(`${lark}/`)) {
    return { brand: 'lark', rest: path.slice(lark.length) || '/' };
  }
  return { brand: 'feishu', rest: path };
}

const pick = (v: unknown): string | undefined => {
  if (typeof v === 'string' && v) return v;
  if (Array.isArray(v) && typeof v[0] === 'string' && v[0]) return v[0];
  return undefined;
};

/**
 * The calling app's id as far as it can be told: a known tenant token, else app_id or
 * client_id in the query or (once parsed) the body. Undefined when none is present.
 */
export function callerAppId(ctx: SandboxContext, request: FastifyRequest): string | undefined {
  const token = bearerToken(request);
  if (token) {
    const issued = tokenStoreFor(ctx).resolve(token);
    if (issued) return issued.appId;
  }
  const q = (request.query ?? {}) as Record<string, unknown>;
  const fromQuery = pick(q.app_id) ?? pick(q.client_id);
  if (fromQuery) return fromQuery;
  const body = request.body;
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    return pick(b.app_id) ?? pick(b.client_id);
  }
  return undefined;
}
