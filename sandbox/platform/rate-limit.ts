// The platform's rate limiting in front of every Open Platform route (never /sandbox): HTTP 429,
// {"code":99991400,"msg":"request trigger frequency limit"}, x-ogw-ratelimit-limit/-reset.
// On when the sandbox starts with rateLimits; GET/PUT /sandbox/rate-limits read and change it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.ts';
import { bearerToken } from '../openapi/auth-guard.ts';
import { DEFAULT_TIER, ENDPOINT_TIERS, RateLimiter, type Tier } from './rate-limiter.ts';
import { brandOf, callerAppId, isSandboxPath, pathOf } from './request-info.ts';

const limiters = new WeakMap<SandboxContext, RateLimiter>();

export function rateLimiterFor(ctx: SandboxContext): RateLimiter {
  let limiter = limiters.get(ctx);
  if (!limiter) {
    limiter = new RateLimiter(() => ctx.clock.now(), ctx.options.rateLimits);
    limiters.set(ctx, limiter);
  }
  return limiter;
}

const TierSchema = z
  .object({
    perSecond: z.number().int().positive().max(1_000_000).optional(),
    perMinute: z.number().int().positive().max(60_000_000).optional(),
  })
  .strict()
  .refine((t) => t.perSecond !== undefined || t.perMinute !== undefined, {
    message: 'give perSecond, perMinute or both',
  });

const ConfigSchema = z
  .object({
    enabled: z.boolean().optional(),
    overrides: z
      .record(
        z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/, 'endpoint key: "METHOD /path"'),
        TierSchema,
      )
      .optional(),
  })
  .strict();

/** "GET /open-apis/contact/v3/users/:user_id", brand prefix removed. */
export function endpointKey(request: FastifyRequest): string | undefined {
  const route = request.routeOptions.url;
  if (!route) return undefined;
  return `${request.method} ${brandOf(route).rest}`;
}

export function sendRateLimited(reply: FastifyReply, limit: number, resetSeconds: number) {
  return reply
    .code(429)
    .header('x-ogw-ratelimit-limit', String(limit))
    .header('x-ogw-ratelimit-reset', String(resetSeconds))
    .send({ code: 99991400, msg: 'request trigger frequency limit' });
}

/**
 * Whose budget a call spends: the app (and its tenant) when it can be told; otherwise, as for
 * user tokens whose app only the OAuth module knows, the token itself, else the client address.
 * Per-token buckets are more lenient than the platform's per-app ones (see README).
 */
function callerKey(ctx: SandboxContext, request: FastifyRequest): string {
  const appId = callerAppId(ctx, request);
  if (appId) return `app:${appId}|${ctx.store.apps.get(appId)?.tenantKey ?? '-'}`;
  const token = bearerToken(request);
  return token ? `token:${token}` : `ip:${request.ip}`;
}

export function registerRateLimits(app: FastifyInstance, ctx: SandboxContext): void {
  const limiter = rateLimiterFor(ctx);

  // preHandler: the body is parsed by then, so token requests count against their app_id.
  app.addHook('preHandler', async (request, reply) => {
    if (!limiter.enabled) return;
    const path = pathOf(request);
    if (isSandboxPath(path)) return;
    const endpoint = endpointKey(request);
    if (!endpoint) return;
    const { brand } = brandOf(path);
    const verdict = limiter.take(endpoint, `${brand}|${callerKey(ctx, request)}`);
    if (!verdict.allowed) {
      return sendRateLimited(reply, verdict.limit ?? 0, verdict.resetSeconds ?? 1);
    }
  });

  const view = () => ({
    enabled: limiter.enabled,
    default: DEFAULT_TIER,
    tiers: ENDPOINT_TIERS,
    overrides: limiter.overrides,
  });

  app.get('/sandbox/rate-limits', async () => view());

  app.put('/sandbox/rate-limits', async (request, reply) => {
    const parsed = ConfigSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      return reply.code(400).send({
        error: { code: 'invalid_rate_limits', message: z.prettifyError(parsed.error) },
      });
    }
    if (parsed.data.enabled !== undefined) {
      limiter.enabled = parsed.data.enabled;
      ctx.options.rateLimits = parsed.data.enabled;
    }
    if (parsed.data.overrides !== undefined) {
      limiter.overrides = parsed.data.overrides as Record<string, Tier>;
    }
    limiter.reset(); // a new configuration starts with empty windows
    return view();
  });
}
