// Liveness (the process answers), readiness (the database answers and every migration is
// applied) and Prometheus metrics (optionally behind a bearer token).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../../shared/domain/errors/index.ts';
import type { Metrics } from '../../observability/metrics.ts';
import { safeEqual } from '../../security/tokens.ts';
import { pendingMigrations } from '../../storage/migrator.ts';
import type { Database } from '../../storage/schema.ts';
import { errors } from '../schemas/common.ts';

const READY_TIMEOUT_MS = 2_000;

export const healthRoutes: FastifyPluginAsyncZod<{
  db: Kysely<Database>;
  metrics: Metrics;
  metricsToken?: string;
}> = async (app, { db, metrics, metricsToken }) => {
  const tags = ['operations'];

  app.get(
    '/healthz',
    {
      schema: {
        tags,
        summary: 'Liveness',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({
      status: 'ok' as const,
    }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags,
        summary: 'Readiness: database reachable and migrations applied',
        response: { 200: z.object({ status: z.literal('ready') }), ...errors(503) },
      },
    },
    async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('database did not answer in time')),
          READY_TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([sql`select 1`.execute(db), timeout]);
        const pending = await Promise.race([pendingMigrations(db), timeout]);
        if (pending.length)
          throw new AppError('SERVICE_NOT_READY', {
            params: { reason: `migrations pending: ${pending.join(', ')}` },
          });
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw new AppError('SERVICE_NOT_READY', {
          params: { reason: 'the database is unreachable' },
          cause: err,
        });
      } finally {
        clearTimeout(timer);
      }
      return { status: 'ready' as const };
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags,
        summary: 'Prometheus metrics',
        response: {
          200: z.string().meta({ description: 'Prometheus text format' }),
          ...errors(401),
        },
      },
    },
    async (req, reply) => {
      if (metricsToken) {
        const header = req.headers.authorization ?? '';
        if (!safeEqual(header, `Bearer ${metricsToken}`)) throw new AppError('AUTH_REQUIRED');
      }
      const body = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(body);
    },
  );
};
