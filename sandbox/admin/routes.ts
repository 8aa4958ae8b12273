// The sandbox's own admin API under /sandbox: JSON in and out, bodies parsed with zod, errors as
// {"error":{"code","message"}} with a 4xx (errors.ts). The error and not-found handlers are set
// inside this plugin, so the Open Platform routes keep the platform's own error shapes.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.ts';
import { eventDeliveryOf } from '../events/delivery-plugin.ts';
import type { World } from '../org/world.ts';
import { registerAppRoutes } from './app-routes.ts';
import { installErrorHandlers, parse } from './errors.ts';
import { registerOrgRoutes } from './org-routes.ts';
import { Refs } from './refs.ts';
import { clockBody } from './schemas.ts';
import { worldView } from './views.ts';

export const ADMIN_PREFIX = '/sandbox';

export function registerAdminRoutes(app: FastifyInstance, ctx: SandboxContext, world: World): void {
  const refs = new Refs(ctx.store, world);
  void app.register(
    async (scope) => {
      installErrorHandlers(scope);
      scope.get('/world', async () => worldView(ctx.store, world, ctx.clock.now()));
      scope.post('/clock', async (req) => {
        const { advance_ms } = parse(clockBody, req.body, 'body');
        ctx.clock.advance(advance_ms);
        eventDeliveryOf(ctx)?.runDue();
        return { now: ctx.clock.now() };
      });
      registerOrgRoutes(scope, ctx, world, refs);
      registerAppRoutes(scope, ctx, refs);
    },
    { prefix: ADMIN_PREFIX },
  );
}
