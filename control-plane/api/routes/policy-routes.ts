// Applications and access policies in the admin API: CRUD (PUT replaces the whole object, so a
// policy is always checked as one), bulk reorder and the what-if call. Every change is audited
// and reaches clients' entitlements before the answer returns.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../../auth/session-guard.ts';
import type { PolicyAdmin } from '../../policy/policy-admin.ts';
import { AUTHED_ERRORS, errors, noContent } from '../schemas/common.ts';
import {
  applicationBody,
  applicationList,
  applicationParams,
  applicationResponse,
  listSearchQuery,
  policyBody,
  policyList,
  policyParams,
  policyResponse,
  reorderBody,
  reorderResponse,
  tenantParams,
  userEntitlementsParams,
  userEntitlementsResponse,
  whatIfBody,
  whatIfResponse,
} from '../schemas/policies.ts';

export const policyRoutes: FastifyPluginAsyncZod<{ policies: PolicyAdmin }> = async (
  app,
  { policies },
) => {
  const errs = errors(...AUTHED_ERRORS, 409);
  const apps = '/tenants/:tenantId/applications';
  const pols = '/tenants/:tenantId/policies';

  app.get(
    apps,
    {
      schema: {
        tags: ['applications'],
        summary:
          'Applications of a tenant, with overlapping addresses flagged; q searches name, id, tags and addresses',
        params: tenantParams,
        querystring: listSearchQuery,
        response: { 200: applicationList, ...errs },
      },
    },
    async (req) => {
      const list = await policies.listApplications(contextOf(req), req.params.tenantId);
      const q = req.query.q?.toLowerCase();
      if (!q) return list;
      return {
        ...list,
        items: list.items.filter((a) =>
          [a.name, a.id, ...a.tags, JSON.stringify(a.addresses)].some((t) =>
            t.toLowerCase().includes(q),
          ),
        ),
      };
    },
  );

  app.post(
    apps,
    {
      schema: {
        tags: ['applications'],
        summary: 'Create an application (name, icon, addresses, portal URL, tags)',
        params: tenantParams,
        body: applicationBody,
        response: { 201: applicationResponse, ...errs },
      },
    },
    async (req, reply) => {
      const out = await policies.createApplication(contextOf(req), req.params.tenantId, req.body);
      return reply.status(201).send(out);
    },
  );

  app.get(
    `${apps}/:applicationId`,
    {
      schema: {
        tags: ['applications'],
        summary: 'One application',
        params: applicationParams,
        response: { 200: applicationResponse, ...errs },
      },
    },
    async (req) =>
      policies.getApplication(contextOf(req), req.params.tenantId, req.params.applicationId),
  );

  app.put(
    `${apps}/:applicationId`,
    {
      schema: {
        tags: ['applications'],
        summary: 'Replace an application',
        params: applicationParams,
        body: applicationBody,
        response: { 200: applicationResponse, ...errs },
      },
    },
    async (req) =>
      policies.replaceApplication(
        contextOf(req),
        req.params.tenantId,
        req.params.applicationId,
        req.body,
      ),
  );

  app.delete(
    `${apps}/:applicationId`,
    {
      schema: {
        tags: ['applications'],
        summary: 'Delete an application no policy names (409 names the policies that do)',
        params: applicationParams,
        response: { 204: noContent, ...errs },
      },
    },
    async (req, reply) => {
      await policies.deleteApplication(
        contextOf(req),
        req.params.tenantId,
        req.params.applicationId,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    pols,
    {
      schema: {
        tags: ['policies'],
        summary:
          'Access policies of a tenant in evaluation order, with compile warnings; q searches name and id',
        params: tenantParams,
        querystring: listSearchQuery,
        response: { 200: policyList, ...errs },
      },
    },
    async (req) => {
      const list = await policies.listPolicies(contextOf(req), req.params.tenantId);
      const q = req.query.q?.toLowerCase();
      if (!q) return list;
      return {
        ...list,
        items: list.items.filter((p) => [p.name, p.id].some((t) => t.toLowerCase().includes(q))),
      };
    },
  );

  app.post(
    pols,
    {
      schema: {
        tags: ['policies'],
        summary: 'Create a policy (subjects, resources, conditions); unknown subjects are refused',
        params: tenantParams,
        body: policyBody,
        response: { 201: policyResponse, ...errs },
      },
    },
    async (req, reply) => {
      const out = await policies.createPolicy(contextOf(req), req.params.tenantId, req.body);
      return reply.status(201).send(out);
    },
  );

  app.post(
    `${pols}/reorder`,
    {
      schema: {
        tags: ['policies'],
        summary: 'Set the priorities of many policies at once',
        params: tenantParams,
        body: reorderBody,
        response: { 200: reorderResponse, ...errs },
      },
    },
    async (req) => policies.reorder(contextOf(req), req.params.tenantId, req.body.items),
  );

  app.post(
    `${pols}/what-if`,
    {
      schema: {
        tags: ['policies'],
        summary: 'Would this user reach this application? The decision, the policy and why',
        params: tenantParams,
        body: whatIfBody,
        response: { 200: whatIfResponse, ...errs },
      },
    },
    async (req) => policies.whatIf(contextOf(req), req.params.tenantId, req.body),
  );

  app.get(
    `${pols}/:policyId`,
    {
      schema: {
        tags: ['policies'],
        summary: 'One policy',
        params: policyParams,
        response: { 200: policyResponse, ...errs },
      },
    },
    async (req) => policies.getPolicy(contextOf(req), req.params.tenantId, req.params.policyId),
  );

  app.put(
    `${pols}/:policyId`,
    {
      schema: {
        tags: ['policies'],
        summary: 'Replace a policy',
        params: policyParams,
        body: policyBody,
        response: { 200: policyResponse, ...errs },
      },
    },
    async (req) =>
      policies.replacePolicy(contextOf(req), req.params.tenantId, req.params.policyId, req.body),
  );

  app.delete(
    `${pols}/:policyId`,
    {
      schema: {
        tags: ['policies'],
        summary: 'Delete a policy',
        params: policyParams,
        response: { 204: noContent, ...errs },
      },
    },
    async (req, reply) => {
      await policies.deletePolicy(contextOf(req), req.params.tenantId, req.params.policyId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/tenants/:tenantId/users/:userId/entitlements',
    {
      schema: {
        tags: ['policies'],
        summary:
          "One directory user's current entitlements: the applications they may open and the policy deciding each, and explicit denies",
        params: userEntitlementsParams,
        response: { 200: userEntitlementsResponse, ...errs },
      },
    },
    async (req) => policies.entitlementsOf(contextOf(req), req.params.tenantId, req.params.userId),
  );
};
