// Self-built app credentials (reference section 2): POST auth/v3/tenant_access_token/internal and
// app_access_token/internal. Flat envelopes; an app of the other brand is unknown here, as the
// Feishu and Lark platforms are separate deployments.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.ts';
import type { Brand, SandboxApp } from '../org/types.ts';
import { E, openApiErrorHandler } from './errors.ts';
import { tokenStoreFor } from './token-store.ts';

const Credentials = z.object({
  app_id: z.string().min(1),
  app_secret: z.string().min(1),
});

function authenticate(ctx: SandboxContext, brand: Brand, body: unknown): SandboxApp {
  const parsed = Credentials.safeParse(body);
  if (!parsed.success) throw E.invalidParam();
  const app = ctx.store.apps.get(parsed.data.app_id);
  if (!app || app.brand !== brand) throw E.invalidParam();
  if (app.appSecret !== parsed.data.app_secret) throw E.appSecretInvalid();
  if (!app.enabled) throw E.appUnavailable();
  return app;
}

export function registerAuthTokenRoutes(
  app: FastifyInstance,
  ctx: SandboxContext,
  brand: Brand,
): void {
  const errorHandler = openApiErrorHandler(brand, E.invalidParam);
  const tokens = tokenStoreFor(ctx);

  app.post('/open-apis/auth/v3/tenant_access_token/internal', { errorHandler }, async (req) => {
    const sandboxApp = authenticate(ctx, brand, req.body);
    const { token, expire } = tokens.issue(sandboxApp, brand);
    return { code: 0, msg: 'ok', tenant_access_token: token, expire };
  });

  // For self-built apps the platform hands out one string as both tokens (doc example).
  app.post('/open-apis/auth/v3/app_access_token/internal', { errorHandler }, async (req) => {
    const sandboxApp = authenticate(ctx, brand, req.body);
    const { token, expire } = tokens.issue(sandboxApp, brand);
    return { code: 0, msg: 'ok', app_access_token: token, expire, tenant_access_token: token };
  });
}
