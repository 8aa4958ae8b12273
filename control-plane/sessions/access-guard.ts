// The check every client API runs first: a Bearer access token with a valid signature that has
// not expired, whose session is still live right now (not revoked or expired, its tenant,
// source and user still active). A revoked session answers with the reason's own error code,
// so the client can say why it was signed out.
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { AccessClaims } from '../../shared/domain/auth/access-claims.ts';
import { AppError } from '../../shared/domain/errors/index.ts';
import type { SessionState } from '../storage/repositories/client-sessions.ts';
import type { AccessTokenIssuer } from './access-token.ts';
import type { SessionService } from './session-service.ts';

export interface ClientAuth {
  claims: AccessClaims;
  session: SessionState;
}

declare module 'fastify' {
  interface FastifyRequest {
    client: ClientAuth | null;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

export function bearerTokenOf(req: FastifyRequest): string {
  const header = req.headers.authorization;
  if (!header) throw new AppError('CLIENT_AUTH_REQUIRED');
  const m = BEARER.exec(header);
  if (!m || header.length > 8192) throw new AppError('ACCESS_TOKEN_INVALID');
  return m[1]!;
}

export function requireClient(
  issuer: AccessTokenIssuer,
  sessions: SessionService,
): onRequestHookHandler {
  return async (req: FastifyRequest) => {
    const claims = await issuer.verify(bearerTokenOf(req));
    const session = await sessions.requireLive(claims.sid);
    await sessions.touch(session.id, session.last_seen_at, req.ip);
    req.client = { claims, session };
  };
}

export function clientOf(req: FastifyRequest): ClientAuth {
  if (!req.client) throw new AppError('CLIENT_AUTH_REQUIRED');
  return req.client;
}
