// contact v3 (reference section 5) for one brand: departments, users and the contact scope.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.ts';
import type { Brand } from '../org/types.ts';
import { registerDepartmentRoutes } from './contact-departments.ts';
import { registerContactScopeRoutes } from './contact-scopes.ts';
import { registerUserRoutes } from './contact-users.ts';

export function registerContactRoutes(
  app: FastifyInstance,
  ctx: SandboxContext,
  brand: Brand,
): void {
  registerDepartmentRoutes(app, ctx, brand);
  registerUserRoutes(app, ctx, brand);
  registerContactScopeRoutes(app, ctx, brand);
}
