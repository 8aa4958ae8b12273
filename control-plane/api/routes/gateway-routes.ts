// The endpoints access gateways call, authenticated by the tenant's gateway key
// (X-Gatehouse-Gateway-Key): a JSON decision, and forward-auth as nginx auth_request, Traefik
// ForwardAuth and Caddy forward_auth expect it (200 allow with identity headers, 401 without
// a valid live session, 403 denied with the reason in X-Gatehouse-Reason). Both read live
// session state on every call: nothing here is cached per token.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { forwardedDestination } from '../../gateway/forwarded-destination.ts';
import type { GatewayDecider } from '../../gateway/gateway-decision.ts';
import type { GatewayKeys } from '../../gateway/gateway-keys.ts';
import { errors, errorSchema } from '../schemas/common.ts';
import {
  decideBody,
  decisionResponse,
  gatewayHeaders,
  gatewayKeyHeader,
} from '../schemas/gateway.ts';

/** The cookie a browser behind a gateway may carry the access token in. */
export const ACCESS_COOKIE = 'gatehouse_access';
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

function tokenOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const m = header.length <= 8192 ? BEARER.exec(header) : null;
    // A malformed Authorization header is an invalid token, not a missing one.
    return m ? m[1] : 'invalid';
  }
  const cookie = req.cookies[ACCESS_COOKIE];
  return cookie && cookie.length <= 8192 ? cookie : undefined;
}

const headerOf = (req: FastifyRequest): string | undefined => {
  const v = req.headers[gatewayKeyHeader];
  return Array.isArray(v) ? v[0] : v;
};

/** Header values are Latin-1: names and e-mails in any script travel percent-encoded. */
const headerSafe = (s: string): string => encodeURIComponent(s);

export const gatewayRoutes: FastifyPluginAsyncZod<{
  keys: GatewayKeys;
  decide: GatewayDecider;
}> = async (app, { keys, decide }) => {
  const tags = ['gateways'];
  const security = [{ gatewayKey: [] }];

  app.post(
    '/api/v1/gateway/decide',
    {
      schema: {
        tags,
        security,
        summary:
          'Access decision for a destination (host, port, path) with an access token; live session state',
        headers: gatewayHeaders,
        body: decideBody,
        response: { 200: decisionResponse, ...errors(400, 401, 429) },
      },
    },
    async (req) => {
      const gateway = await keys.authenticate(headerOf(req));
      const b = req.body;
      const d = await decide(gateway.tenantId, b.access_token || undefined, {
        host: b.host,
        port: b.port,
        protocol: b.protocol,
        path: b.path,
        ...(b.method ? { method: b.method } : {}),
      });
      req.log.info(
        {
          gateway: gateway.keyId,
          decision: d.decision,
          reason: d.reason,
          session: d.session_id,
          host: b.host,
          port: b.port,
        },
        'gateway decision',
      );
      return d;
    },
  );

  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/v1/gateway/forward-auth',
    schema: {
      tags,
      security,
      summary:
        'Forward-auth (nginx auth_request, Traefik ForwardAuth, Caddy forward_auth): 200 allow, 401 sign in, 403 denied',
      headers: gatewayHeaders,
      response: {
        200: z.string().meta({ description: 'Allowed; X-Gatehouse-User* headers name the user' }),
        401: z
          .union([z.string(), errorSchema])
          .meta({ description: 'No valid live session (text), or no valid gateway key (error)' }),
        403: z.string().meta({ description: 'Denied; X-Gatehouse-Reason and -Policy say why' }),
      },
    },
    handler: async (req, reply) => {
      const gateway = await keys.authenticate(headerOf(req));
      void reply.header('cache-control', 'no-store');
      const dest = forwardedDestination(req.headers);
      if (!dest) {
        return reply
          .status(403)
          .header('x-gatehouse-reason', 'invalid_destination')
          .type('text/plain')
          .send('destination headers missing or invalid');
      }
      const d = await decide(gateway.tenantId, tokenOf(req), dest);
      req.log.info(
        {
          gateway: gateway.keyId,
          decision: d.decision,
          reason: d.reason,
          session: d.session_id,
          host: dest.host,
          port: dest.port,
        },
        'gateway forward-auth',
      );
      void reply.header('x-gatehouse-reason', d.reason);
      if (d.policy) void reply.header('x-gatehouse-policy', d.policy.id);
      if (d.policy) void reply.header('x-gatehouse-policy-name', headerSafe(d.policy.name));
      if (d.application_id) void reply.header('x-gatehouse-application', d.application_id);
      if (!d.authenticated) {
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer realm="gatehouse"')
          .type('text/plain')
          .send(d.reason_text.en);
      }
      if (d.decision === 'deny') {
        return reply.status(403).type('text/plain').send(d.reason_text.en);
      }
      void reply
        .header('x-gatehouse-user', d.user!.id)
        .header('x-gatehouse-user-name', headerSafe(d.user!.name))
        .header('x-gatehouse-session', d.session_id!);
      if (d.user!.email) void reply.header('x-gatehouse-user-email', headerSafe(d.user!.email));
      return reply.status(200).type('text/plain').send('allow');
    },
  });
};
