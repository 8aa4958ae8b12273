// The token endpoint (redeem a handoff code, rotate a refresh token) and the JWKS that verifies
// the access tokens it issues.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../../shared/domain/errors/index.ts';
import type { SignInServices } from '../../signin/signin-services.ts';
import { errors } from '../schemas/common.ts';
import { jwksResponse, tokenBody, tokenResponse } from '../schemas/signin.ts';

export const tokenRoutes: FastifyPluginAsyncZod<{ signIn: SignInServices }> = async (
  app,
  { signIn },
) => {
  app.post(
    '/api/v1/public/token',
    {
      schema: {
        tags: ['sign-in'],
        summary: 'Redeem a handoff code (with the PKCE verifier) or rotate a refresh token',
        body: tokenBody,
        response: { 200: tokenResponse, ...errors(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      const hit = signIn.tokenLimiter.hit(req.ip);
      if (!hit.allowed)
        throw new AppError('RATE_LIMITED', {
          params: { retryAfterSeconds: hit.retryAfterSeconds },
        });
      const body = req.body;
      const userAgent = req.headers['user-agent'] ?? null;
      if (body.grant_type === 'handoff_code') {
        return signIn.redeem({
          code: body.code,
          codeVerifier: body.code_verifier,
          transactionId: body.transaction_id,
          ip: req.ip,
          userAgent,
        });
      }
      return signIn.sessions.refresh({
        refreshToken: body.refresh_token,
        deviceId: body.device_id,
        ip: req.ip,
      });
    },
  );

  const jwks = {
    schema: {
      tags: ['sign-in'],
      summary: 'Public keys of the access tokens (JWKS)',
      response: { 200: jwksResponse },
    },
  };
  const serve = async (_req: unknown, reply: { header(k: string, v: string): unknown }) => {
    reply.header('cache-control', 'public, max-age=300');
    return signIn.keys.jwks();
  };
  app.get('/.well-known/jwks.json', jwks, serve);
  app.get('/api/v1/public/jwks', jwks, serve);
};
