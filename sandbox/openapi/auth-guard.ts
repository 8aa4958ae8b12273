// Who is calling: the Authorization header of an Open API request, resolved to the app whose
// tenant_access_token it is (reference section 7 token errors). The sandbox's Open APIs take
// tenant tokens only; user tokens ("u-", "eyJ") get 99991663, as tenant-only APIs do.
import type { FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.ts';
import type { Brand, SandboxApp } from '../org/types.ts';
import { E, scopeRequired } from './errors.ts';
import { tokenStoreFor } from './token-store.ts';

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/** The calling app, or throws the platform's token error. */
export function requireTenantApp(
  ctx: SandboxContext,
  brand: Brand,
  request: FastifyRequest,
): SandboxApp {
  const token = bearerToken(request);
  if (!token) throw E.needToken();
  if (!/^(t-|u-|a-|eyJ)/.test(token)) throw E.badTokenFormat();
  const issued = tokenStoreFor(ctx).resolve(token);
  if (!issued || issued.brand !== brand) throw E.invalidToken();
  const app = ctx.store.apps.get(issued.appId);
  if (!app || app.brand !== brand) throw E.invalidToken();
  if (!app.enabled) throw E.appStatusUnavailable();
  return app;
}

/** 99991672 unless the app holds at least one of the scopes. */
export function requireAnyScope(
  app: SandboxApp,
  brand: Brand,
  anyOf: readonly string[],
  type: 'action_scope_required' | 'field_scope_required' = 'action_scope_required',
): void {
  if (!anyOf.some((s) => app.scopes.includes(s)))
    throw scopeRequired(brand, app.appId, anyOf, type);
}
