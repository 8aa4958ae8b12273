// Gateway keys in the admin API: create (the key is shown once), list, revoke.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../../auth/session-guard.ts';
import type { GatewayKeys } from '../../gateway/gateway-keys.ts';
import { AUTHED_ERRORS, errors, noContent } from '../schemas/common.ts';
import {
  gatewayKeyBody,
  gatewayKeyCreated,
  gatewayKeyList,
  gatewayKeyParams,
} from '../schemas/gateway.ts';
import { tenantParams } from '../schemas/policies.ts';

export const gatewayKeyRoutes: FastifyPluginAsyncZod<{ keys: GatewayKeys }> = async (
  app,
  { keys },
) => {
  const tags = ['gateways'];
  const errs = errors(...AUTHED_ERRORS);

  app.get(
    '/tenants/:tenantId/gateway-keys',
    {
      schema: {
        tags,
        summary: 'Keys access gateways use to ask for decisions',
        params: tenantParams,
        response: { 200: gatewayKeyList, ...errs },
      },
    },
    async (req) => ({ items: await keys.list(contextOf(req), req.params.tenantId) }),
  );

  app.post(
    '/tenants/:tenantId/gateway-keys',
    {
      schema: {
        tags,
        summary: 'Create a gateway key (returned once, stored hashed)',
        params: tenantParams,
        body: gatewayKeyBody,
        response: { 201: gatewayKeyCreated, ...errs },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await keys.create(contextOf(req), req.params.tenantId, req.body.name)),
  );

  app.post(
    '/tenants/:tenantId/gateway-keys/:keyId/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a gateway key (its gateway is refused at once)',
        params: gatewayKeyParams,
        response: { 204: noContent, ...errs },
      },
    },
    async (req, reply) => {
      await keys.revoke(contextOf(req), req.params.tenantId, req.params.keyId);
      return reply.status(204).send(null);
    },
  );
};
