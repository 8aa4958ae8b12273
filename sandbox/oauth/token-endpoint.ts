// POST /open-apis/authen/v2/oauth/token: the documented v2 token endpoint. JSON body per the
// doc; a form body is accepted too (the sandbox's choice, README). Responses are flat: success
// {code:0, access_token, ...}, failure {code, error, error_description} with HTTP 400/500/503.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authenticateClient } from './client-auth.ts';
import { PATHS } from './paths.ts';
import type { OAuthDeps } from './state.ts';
import { exchangeCode, refreshTokens, type GrantOutcome } from './token-grants.ts';
import { tokenErrorBody, type TokenErrorCode } from './token-errors.ts';

const s = z.string().optional();
export const TokenBody = z.object({
  grant_type: s,
  client_id: s,
  client_secret: s,
  code: s,
  redirect_uri: s,
  code_verifier: s,
  scope: s,
  refresh_token: s,
});

export const GRANT_TYPES = ['authorization_code', 'refresh_token'] as const;

function sendError(reply: FastifyReply, code: TokenErrorCode): FastifyReply {
  const { status, body } = tokenErrorBody(code);
  return reply.code(status).header('cache-control', 'no-store').send(body);
}

/** Body parse failures (bad JSON, unsupported media type) are malformed requests, 20063. */
export function tokenParseErrorHandler(
  error: FastifyError,
  _req: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const status = error.statusCode ?? 500;
  return sendError(reply, status >= 400 && status < 500 ? 20063 : 20050);
}

export function registerTokenEndpoint(app: FastifyInstance, deps: OAuthDeps): void {
  app.post(PATHS.token, { errorHandler: tokenParseErrorHandler }, (req, reply) => {
    const parsed = TokenBody.safeParse(req.body ?? {});
    if (!parsed.success) return sendError(reply, 20063);
    const body = parsed.data;
    if (!body.grant_type) return sendError(reply, 20001);
    if (!(GRANT_TYPES as readonly string[]).includes(body.grant_type)) {
      return sendError(reply, 20036);
    }
    const client = authenticateClient(deps.ctx.store, deps.brand, req.headers.authorization, body);
    if (!client.ok) return sendError(reply, client.code);
    const outcome: GrantOutcome =
      body.grant_type === 'authorization_code'
        ? exchangeCode(deps, client.app, body, 'v2')
        : refreshTokens(deps, client.app, body, 'v2');
    if (!outcome.ok) return sendError(reply, outcome.code);
    const t = outcome.tokens;
    return reply.header('cache-control', 'no-store').send({
      code: 0,
      access_token: t.accessToken,
      expires_in: t.expiresIn,
      ...(t.refreshToken
        ? { refresh_token: t.refreshToken, refresh_token_expires_in: t.refreshExpiresIn }
        : {}),
      scope: outcome.scopes.join(' '),
      token_type: 'Bearer',
    });
  });
}
