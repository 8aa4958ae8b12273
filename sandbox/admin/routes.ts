// STUB: replaced by the module's real implementation.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.ts';
import type { World } from '../org/world.ts';

export function registerAdminRoutes(
  _app: FastifyInstance,
  _ctx: SandboxContext,
  _world: World,
): void {}
