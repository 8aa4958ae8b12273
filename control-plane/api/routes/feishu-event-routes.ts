// POST /api/v1/feishu/events/:sourceId, the per-source event Request URL that admins copy into
// the Feishu developer console. The body is taken raw (the signature covers the exact bytes
// received), whatever the content type, up to its own size limit; this scope has no other parser.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Counter } from 'prom-client';
import { z } from 'zod';
import type { EventReceiver } from '../../events/event-receiver.ts';
import type { Metrics } from '../../observability/metrics.ts';
import { errors } from '../schemas/common.ts';

/** Contact events are a few KB; a scope change listing thousands of users stays well below. */
export const EVENT_BODY_LIMIT_BYTES = 1024 * 1024;

const params = z.object({
  sourceId: z.string().max(200).meta({ description: 'The identity source id' }),
});

const answer = z.union([
  z.object({ challenge: z.string() }).meta({ description: 'Answer to url_verification' }),
  z.object({ msg: z.string() }).meta({ description: 'The event is stored (or was already)' }),
]);

const header = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

export const feishuEventRoutes: FastifyPluginAsyncZod<{
  receiver: EventReceiver;
  metrics: Metrics;
  bodyLimitBytes?: number;
}> = async (app, { receiver, metrics, bodyLimitBytes = EVENT_BODY_LIMIT_BYTES }) => {
  const received = new Counter({
    name: 'gatehouse_feishu_events_received_total',
    help: 'Pushes to event URLs by outcome (stored, duplicate, challenge, source_closed, or the error code)',
    labelNames: ['outcome'] as const,
    registers: [metrics.registry],
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('onError', async (_req, _reply, err) => {
    received.inc({ outcome: (err as { code?: string }).code ?? 'error' });
  });

  app.post(
    '/api/v1/feishu/events/:sourceId',
    {
      bodyLimit: bodyLimitBytes,
      schema: {
        tags: ['feishu events'],
        summary: 'Feishu/Lark event Request URL of an identity source (called by Feishu)',
        description:
          'Takes url_verification challenges (plain or encrypted) and contact v3 events. With an Encrypt Key the body must be {"encrypt":...} and signed (X-Lark-Request-Timestamp, X-Lark-Request-Nonce, X-Lark-Signature); the Verification Token is always checked. A genuine event is stored before the 200 answer and processed asynchronously; duplicates (same event_id) are answered 200 and not stored again.',
        params,
        response: { 200: answer, ...errors(400, 401, 403, 404, 413) },
      },
    },
    async (req) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const result = await receiver.receive(req.params.sourceId, raw, {
        timestamp: header(req.headers['x-lark-request-timestamp']),
        nonce: header(req.headers['x-lark-request-nonce']),
        signature: header(req.headers['x-lark-signature']),
      });
      received.inc({ outcome: result.kind });
      if (result.kind === 'challenge') return { challenge: result.challenge };
      req.log.debug({ outcome: result.kind, eventType: result.eventType }, 'feishu event');
      return { msg: 'success' };
    },
  );
};
