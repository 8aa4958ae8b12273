// GET /open-apis/authen/v1/user_info. Token problems are rejected by the gateway (HTTP 400,
// 9999166x/99991677, the generic error envelope); user problems come from the service as
// HTTP 200 with a 2002x code, as the doc says.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { OpenApiError, sendOpenApiError } from '../openapi/errors.ts';
import type { Brand } from '../org/types.ts';
import { userProblem } from './accounts.ts';
import { PATHS } from './paths.ts';
import { userProfile } from './profile.ts';
import type { OAuthDeps } from './state.ts';
import type { UserGrant } from './user-tokens.ts';

const gatewayError = (reply: FastifyReply, brand: Brand, code: number, msg: string) =>
  sendOpenApiError(reply, new OpenApiError(code, 400, msg), brand);

const INVALID =
  'Invalid access token for authorization. Please make a request with token attached.';

export const bearerToken = (header: string | undefined): string | undefined => {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
};

export type UserTokenAuth =
  { ok: true; grant: UserGrant } | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

/** The user token of a request, as the gateway sees it (brand-checked). */
export function authenticateUserToken(
  deps: OAuthDeps,
  authorization: string | undefined,
): UserTokenAuth {
  const token = bearerToken(authorization);
  if (!token) return { ok: false, reason: 'missing' };
  const hit = deps.state.tokens.lookupAccess(token);
  if (!hit.ok) return { ok: false, reason: hit.reason === 'expired' ? 'expired' : 'invalid' };
  if (hit.grant.brand !== deps.brand) return { ok: false, reason: 'invalid' };
  return { ok: true, grant: hit.grant };
}

export function registerUserInfo(app: FastifyInstance, deps: OAuthDeps): void {
  const { ctx, brand } = deps;
  app.get(PATHS.userInfo, (req, reply) => {
    const auth = authenticateUserToken(deps, req.headers.authorization);
    if (!auth.ok) {
      if (auth.reason === 'missing') {
        return gatewayError(
          reply,
          brand,
          99991661,
          'Missing access token for authorization. Please make a request with token attached.',
        );
      }
      if (auth.reason === 'expired') {
        return gatewayError(reply, brand, 99991677, 'user access token expired, please refresh.');
      }
      return gatewayError(reply, brand, 99991668, INVALID);
    }
    const { appId, userKey } = auth.grant;
    const found = ctx.store.apps.get(appId);
    const user = ctx.store.users.get(userKey);
    const problem = userProblem(user);
    if (!found) return gatewayError(reply, brand, 99991668, INVALID);
    if (problem === 'gone') return reply.send({ code: 20008, msg: 'user not exist' });
    if (problem === 'resigned') return reply.send({ code: 20021, msg: 'user resigned' });
    if (problem === 'frozen') return reply.send({ code: 20022, msg: 'user frozen' });
    if (problem === 'inactive') return reply.send({ code: 20023, msg: 'user not registered' });
    if (!user) return reply.send({ code: 20008, msg: 'user not exist' });
    return reply.send({ code: 0, msg: 'success', data: userProfile(ctx, brand, found, user) });
  });
}
