// Fault injection for Open Platform routes (both brands, OAuth included, never /sandbox):
// POST /sandbox/faults adds a rule, GET lists, DELETE removes one or all. Rules apply in an
// onRequest hook; a rule that filters on app_id and cannot tell the app before the body is
// parsed (token endpoints) applies in preValidation instead.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.ts';
import { E, newLogId, sendOpenApiError } from '../openapi/errors.ts';
import { FaultInput, faultMatches, type Fault, type RequestFacts } from './fault-rules.ts';
import { sendRateLimited } from './rate-limit.ts';
import { brandOf, callerAppId, isSandboxPath, pathOf } from './request-info.ts';

const MAX_FAULTS = 1000;

export function registerFaults(app: FastifyInstance, ctx: SandboxContext): void {
  const faults = new Map<string, Fault>();
  const handled = new WeakSet<FastifyRequest>();

  const facts = (request: FastifyRequest): RequestFacts => {
    const path = pathOf(request);
    return {
      method: request.method,
      path,
      unbrandedPath: brandOf(path).rest,
      appId: callerAppId(ctx, request),
    };
  };

  /** Applies the first matching rule; returns the reply when the request was answered. */
  const apply = async (request: FastifyRequest, reply: FastifyReply, appKnown: boolean) => {
    if (handled.has(request) || faults.size === 0) return undefined;
    const path = pathOf(request);
    if (isSandboxPath(path)) return undefined;
    const req = facts(request);
    let deferred = false;
    for (const fault of faults.values()) {
      const m = faultMatches(fault, req, appKnown);
      if (m === 'later') deferred = true;
      if (m !== 'yes') continue;
      if (fault.probability !== undefined && Math.random() >= fault.probability) continue;
      handled.add(request);
      fault.hits += 1;
      if (fault.remaining !== undefined) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) faults.delete(fault.id);
      }
      return inject(fault, request, reply);
    }
    if (!deferred) handled.add(request);
    return undefined;
  };

  const inject = async (fault: Fault, request: FastifyRequest, reply: FastifyReply) => {
    const { brand } = brandOf(pathOf(request));
    switch (fault.kind) {
      case 'latency':
        await sleep(fault.latency_ms ?? 0);
        return undefined;
      case 'drop':
        request.raw.socket.destroy();
        reply.hijack();
        return reply;
      case 'rate_limit':
        return sendRateLimited(reply, 50, 1);
      case 'invalid_token':
        return sendOpenApiError(reply, E.invalidToken(), brand);
      case 'status':
        return reply
          .code(fault.status ?? 500)
          .header('x-tt-logid', newLogId())
          .send({
            code: fault.code ?? 55001,
            msg: fault.msg ?? 'server internal error',
            error: { log_id: newLogId() },
          });
    }
  };

  app.addHook('onRequest', async (request, reply) => apply(request, reply, false));
  app.addHook('preValidation', async (request, reply) => apply(request, reply, true));

  app.post('/sandbox/faults', async (request, reply) => {
    const parsed = FaultInput.safeParse(request.body ?? {});
    if (!parsed.success) {
      return reply
        .code(400)
        .send({ error: { code: 'invalid_fault', message: z.prettifyError(parsed.error) } });
    }
    if (faults.size >= MAX_FAULTS) {
      return reply
        .code(409)
        .send({ error: { code: 'too_many_faults', message: `at most ${MAX_FAULTS} faults` } });
    }
    const id = `fault_${randomUUID()}`;
    faults.set(id, { ...parsed.data, id, remaining: parsed.data.times, hits: 0 });
    return reply.code(201).send({ id });
  });

  app.get('/sandbox/faults', async () => ({ faults: [...faults.values()] }));

  app.delete('/sandbox/faults', async () => {
    const removed = faults.size;
    faults.clear();
    return { removed };
  });

  app.delete('/sandbox/faults/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!faults.delete(id)) {
      return reply
        .code(404)
        .send({ error: { code: 'fault_not_found', message: `no fault ${id}` } });
    }
    return { removed: 1 };
  });
}
