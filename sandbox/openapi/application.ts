// STUB: replaced by the module's real implementation.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.ts';
import type { Brand } from '../org/types.ts';

export function registerApplicationRoutes(
  _app: FastifyInstance,
  _ctx: SandboxContext,
  _brand: Brand,
): void {}
