// Builds the sandbox: one fastify server that is Feishu at "/" and Lark at "/lark", plus the
// sandbox's own admin API under /sandbox. buildSandbox() does not listen; startSandbox() does.
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAdminRoutes } from './admin/routes.ts';
import { SandboxClock } from './clock.ts';
import { BRAND_PREFIX, type SandboxContext, type SandboxOptions } from './context.ts';
import { registerEventDelivery } from './events/delivery-plugin.ts';
import { registerOAuthRoutes } from './oauth/routes.ts';
import { registerApplicationRoutes } from './openapi/application.ts';
import { registerAuthTokenRoutes } from './openapi/auth-tokens.ts';
import { registerContactRoutes } from './openapi/contact.ts';
import { OrgStore } from './org/org-store.ts';
import type { Brand } from './org/types.ts';
import { buildWorld, type BuildWorldOptions, type OrgPreset, type World } from './org/world.ts';
import { registerFaults } from './platform/faults.ts';
import { registerRateLimits } from './platform/rate-limit.ts';

export interface BuildSandboxOptions extends Partial<SandboxOptions>, BuildWorldOptions {
  /** A preset size or a path to an org JSON file. */
  org?: OrgPreset | string;
}

export interface Sandbox {
  app: FastifyInstance;
  ctx: SandboxContext;
  world: World;
  /** Listens on 127.0.0.1 (port 0 = a free one) and returns the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

const BRANDS: Brand[] = ['feishu', 'lark'];

export async function buildSandbox(options: BuildSandboxOptions = {}): Promise<Sandbox> {
  const clock = new SandboxClock();
  const store = new OrgStore(clock);
  let base = 'http://127.0.0.1:0';
  const ctx: SandboxContext = {
    store,
    clock,
    options: {
      rateLimits: options.rateLimits ?? true,
      retryScale: options.retryScale ?? 1,
      duplicateRate: options.duplicateRate ?? 0.02,
      seed: options.seed ?? 1,
    },
    baseUrl: () => base,
    brandUrl: (brand) => `${base}${BRAND_PREFIX[brand]}`,
  };
  const world = await buildWorld(store, options.org ?? 'small', ctx.options.seed, {
    redirectUrls: options.redirectUrls,
    password: options.password,
    secrets: options.secrets,
  });

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  // The passport token endpoint takes form bodies, as the platform's does.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  registerFaults(app, ctx);
  registerRateLimits(app, ctx);
  for (const brand of BRANDS) {
    await app.register(
      async (scope) => {
        registerAuthTokenRoutes(scope, ctx, brand);
        registerContactRoutes(scope, ctx, brand);
        registerApplicationRoutes(scope, ctx, brand);
        registerOAuthRoutes(scope, ctx, brand);
      },
      { prefix: BRAND_PREFIX[brand] },
    );
  }
  registerEventDelivery(app, ctx);
  registerAdminRoutes(app, ctx, world);

  return {
    app,
    ctx,
    world,
    async listen(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const addr = app.server.address();
      if (!addr || typeof addr === 'string') throw new Error('sandbox did not bind a TCP port');
      base = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
      return base;
    },
    close: () => app.close(),
  };
}
