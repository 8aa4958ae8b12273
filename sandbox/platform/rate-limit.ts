// STUB: replaced by the module's real implementation.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.ts';

export function registerRateLimits(_app: FastifyInstance, _ctx: SandboxContext): void {}
