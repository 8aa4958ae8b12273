// Sign-in, sign-out, the current session and one's own password.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { adminView } from '../../admins/admin-view.ts';
import {
  clearSessionCookie,
  contextOf,
  requireAdmin,
  setSessionCookie,
} from '../../auth/session-guard.ts';
import type { Services } from '../../services.ts';
import { changePasswordBody, loginBody, sessionSchema } from '../schemas/admins.ts';
import { errors, noContent } from '../schemas/common.ts';

export const authRoutes: FastifyPluginAsyncZod<{
  services: Services;
  secureCookies: boolean;
}> = async (app, { services, secureCookies }) => {
  const guard = requireAdmin(services.auth);
  const tags = ['auth'];

  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password; sets the session cookie',
        body: loginBody,
        response: { 200: sessionSchema, ...errors(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      const signedIn = await services.auth.login({
        email: req.body.email,
        password: req.body.password,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        requestId: String(req.id),
      });
      setSessionCookie(reply, signedIn.sessionToken, signedIn.expiresAt, secureCookies);
      return {
        admin: adminView(signedIn.admin),
        csrf_token: signedIn.csrfToken,
        expires_at: signedIn.expiresAt.toISOString(),
      };
    },
  );

  app.get(
    '/auth/me',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'The signed-in admin and the CSRF token of this session',
        response: { 200: sessionSchema, ...errors(401) },
      },
    },
    async (req) => ({
      admin: adminView(req.auth!.admin),
      csrf_token: req.auth!.csrfToken,
      expires_at: req.auth!.expiresAt.toISOString(),
    }),
  );

  app.post(
    '/auth/logout',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'End this session',
        response: { 204: noContent, ...errors(401, 403) },
      },
    },
    async (req, reply) => {
      await services.auth.logout(req.auth!, String(req.id), req.ip);
      clearSessionCookie(reply, secureCookies);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'Change your own password (ends your other sessions)',
        body: changePasswordBody,
        response: { 204: noContent, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      await services.auth.changeOwnPassword(
        req.auth!,
        req.body.current_password,
        req.body.new_password,
        ctx.requestId,
        ctx.ip,
      );
      return reply.status(204).send(null);
    },
  );
};
