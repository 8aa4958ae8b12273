// The legacy "suite passport" OAuth (reference 3.4 item 4), still the target of the QR SDK:
// authorize (also trading a QR tmp_code for a code), a form-encoded token endpoint returning
// bare OAuth JSON, and userinfo. Errors use RFC 6749/6750 bodies; the platform's exact legacy
// error bodies are not documented (sandbox/README.md).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { userProblem } from './accounts.ts';
import { parseAuthorizeRequest } from './authorize-request.ts';
import { startAuthorize } from './authorize-routes.ts';
import { authenticateClient } from './client-auth.ts';
import { sendPage } from './html.ts';
import { pickLang } from './i18n.ts';
import { errorPage } from './pages.ts';
import { PATHS } from './paths.ts';
import { userProfile } from './profile.ts';
import { codeRedirect } from './redirect.ts';
import type { OAuthDeps } from './state.ts';
import { GRANT_TYPES, TokenBody, tokenParseErrorHandler } from './token-endpoint.ts';
import { TOKEN_ERRORS, type TokenErrorCode } from './token-errors.ts';
import { exchangeCode, refreshTokens } from './token-grants.ts';
import { authenticateUserToken } from './user-info.ts';

function oauthError(reply: FastifyReply, code: TokenErrorCode): FastifyReply {
  const spec = TOKEN_ERRORS[code];
  return reply
    .code(spec.status)
    .header('cache-control', 'no-store')
    .send({ error: spec.error, error_description: spec.description });
}

function invalidToken(reply: FastifyReply, description: string): FastifyReply {
  return reply
    .code(401)
    .header('www-authenticate', `Bearer error="invalid_token"`)
    .send({ error: 'invalid_token', error_description: description });
}

export function registerPassportRoutes(app: FastifyInstance, deps: OAuthDeps): void {
  const { ctx, state, brand } = deps;

  app.get(PATHS.passportAuthorize, (req, reply) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const tmpCode = Array.isArray(query.tmp_code) ? query.tmp_code[0] : query.tmp_code;
    if (typeof tmpCode !== 'string' || !tmpCode) {
      return startAuthorize(deps, req, reply, 'passport');
    }
    const lang = pickLang(query.lang, req.headers['accept-language'], brand);
    const parsed = parseAuthorizeRequest(ctx.store, brand, 'passport', query);
    if (!parsed.ok) return sendPage(reply, errorPage(brand, lang, parsed.problem));
    const scanned = state.qrs.consumeTmpCode(tmpCode, parsed.request.appId, brand);
    if (!scanned.ok) {
      return sendPage(reply, errorPage(brand, lang, { code: 20003, key: 'tmpCodeInvalid' }));
    }
    if (userProblem(ctx.store.users.get(scanned.userKey))) {
      return sendPage(reply, errorPage(brand, lang, { code: 20066, key: 'userUnavailable' }));
    }
    const location = codeRedirect(deps, parsed.request, scanned.userKey);
    return reply.code(302).header('cache-control', 'no-store').header('location', location).send();
  });

  app.post(PATHS.passportToken, { errorHandler: tokenParseErrorHandler }, (req, reply) => {
    const parsed = TokenBody.safeParse(req.body ?? {});
    if (!parsed.success) return oauthError(reply, 20063);
    const body = parsed.data;
    if (!body.grant_type) return oauthError(reply, 20001);
    if (!(GRANT_TYPES as readonly string[]).includes(body.grant_type)) {
      return oauthError(reply, 20036);
    }
    const client = authenticateClient(ctx.store, brand, req.headers.authorization, body);
    if (!client.ok) return oauthError(reply, client.code);
    const outcome =
      body.grant_type === 'authorization_code'
        ? exchangeCode(deps, client.app, body, 'passport')
        : refreshTokens(deps, client.app, body, 'passport');
    if (!outcome.ok) return oauthError(reply, outcome.code);
    const t = outcome.tokens;
    return reply.header('cache-control', 'no-store').send({
      access_token: t.accessToken,
      token_type: 'Bearer',
      expires_in: t.expiresIn,
      refresh_token: t.refreshToken,
      refresh_expires_in: t.refreshExpiresIn,
    });
  });

  app.get(PATHS.passportUserInfo, (req, reply) => {
    const auth = authenticateUserToken(deps, req.headers.authorization);
    if (!auth.ok) {
      return invalidToken(
        reply,
        auth.reason === 'expired' ? 'The access token expired.' : 'The access token is invalid.',
      );
    }
    const found = ctx.store.apps.get(auth.grant.appId);
    const user = ctx.store.users.get(auth.grant.userKey);
    const problem = userProblem(user);
    if (!found || !user || problem)
      return invalidToken(reply, `The user cannot sign in (${problem ?? 'gone'}).`);
    const p = userProfile(ctx, brand, found, user);
    return reply.send({
      sub: p.open_id,
      name: p.name,
      picture: p.avatar_url,
      open_id: p.open_id,
      union_id: p.union_id,
      en_name: p.en_name,
      tenant_key: p.tenant_key,
      avatar_url: p.avatar_url,
      avatar_thumb: p.avatar_thumb,
      avatar_middle: p.avatar_middle,
      avatar_big: p.avatar_big,
      ...(p.email !== undefined ? { email: p.email } : {}),
      ...(p.user_id !== undefined ? { user_id: p.user_id } : {}),
      ...(p.employee_no !== undefined ? { employee_no: p.employee_no } : {}),
      ...(p.mobile !== undefined ? { mobile: p.mobile } : {}),
    });
  });
}
