// The admin session cookie and the checks every signed-in route runs before anything else:
// a valid session (else AUTH_REQUIRED) and, for state-changing methods, the X-CSRF-Token that
// belongs to it (else AUTH_CSRF_INVALID). The cookie is HttpOnly, SameSite=Lax, limited to
// the admin API's path, and Secure whenever the public URL is https.
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { AppError } from '../../shared/domain/errors/index.ts';
import { safeEqual } from '../security/tokens.ts';
import type { RequestContext } from './actor.ts';
import type { Authenticated, AuthService } from './auth-service.ts';

export const SESSION_COOKIE = 'gatehouse_admin_session';
export const COOKIE_PATH = '/api/v1/admin';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | null;
  }
}

export const cookieOptions = (secure: boolean, expires?: Date) => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  secure,
  path: COOKIE_PATH,
  ...(expires ? { expires } : {}),
});

export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  expires: Date,
  secure: boolean,
): void {
  void reply.setCookie(SESSION_COOKIE, token, cookieOptions(secure, expires));
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, cookieOptions(secure));
}

export function requireAdmin(auth: AuthService): onRequestHookHandler {
  return async (req: FastifyRequest) => {
    const token = req.cookies[SESSION_COOKIE];
    const session = token ? await auth.authenticate(token) : undefined;
    if (!session) throw new AppError('AUTH_REQUIRED');
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken))
        throw new AppError('AUTH_CSRF_INVALID');
    }
    req.auth = session;
  };
}

/** The service-call context of a request that passed requireAdmin. */
export function contextOf(req: FastifyRequest): RequestContext {
  if (!req.auth) throw new AppError('AUTH_REQUIRED');
  return { actor: req.auth.actor, requestId: String(req.id), ip: req.ip };
}
