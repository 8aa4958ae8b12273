// The accounts authorize flow: GET authorize validates the request and shows the sign-in form
// (or "Continue as" for a remembered browser), then consent, then a 302 back to the app with a
// code or error=access_denied. Forms post back here with a transaction id (transactions.ts);
// each step redirects (303) to the next page so reloads never re-post.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SandboxApp } from '../org/types.ts';
import { signIn, userProblem, type SignInFailure } from './accounts.ts';
import { parseAuthorizeRequest } from './authorize-request.ts';
import { clearedSessionCookie } from './browser-sessions.ts';
import type { OAuthFlow } from './codes.ts';
import { parseLang, pickLang, TEXT, type Lang } from './i18n.ts';
import { consentPage, continuePage, errorPage, signInPage } from './pages.ts';
import { inBrand, PATHS } from './paths.ts';
import { codeRedirect, deniedRedirect } from './redirect.ts';
import { sendPage } from './html.ts';
import type { OAuthDeps } from './state.ts';
import type { AuthorizeTxn } from './transactions.ts';

const str = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().optional());
const TxnQuery = z.object({ txn: str, lang: str });
const LoginForm = z.object({ txn: str, account: str, password: str });
const ConsentForm = z.object({ txn: str, decision: str });

const SIGN_IN_ERRORS: Record<SignInFailure, Record<Lang, string>> = {
  missing: TEXT.errMissing,
  no_account: TEXT.errNoAccount,
  bad_password: TEXT.errBadPassword,
  frozen: TEXT.errFrozen,
  inactive: TEXT.errInactive,
};

const signInError = (reason: SignInFailure, lang: Lang): string => SIGN_IN_ERRORS[reason][lang];

/** Forms and queries are untrusted: anything unparsable reads as empty. */
function fields<T extends z.ZodType>(schema: T, input: unknown): Partial<z.infer<T>> {
  const parsed = schema.safeParse(input ?? {});
  return parsed.success ? parsed.data : {};
}

/** Shows the first page of a sign-in (shared by the accounts and the passport authorize). */
export function startAuthorize(
  deps: OAuthDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  flow: OAuthFlow,
): FastifyReply {
  const { ctx, state, brand } = deps;
  const query = (req.query ?? {}) as Record<string, unknown>;
  const lang = pickLang(query.lang, req.headers['accept-language'], brand);
  const parsed = parseAuthorizeRequest(ctx.store, brand, flow, query);
  if (!parsed.ok) return sendPage(reply, errorPage(brand, lang, parsed.problem));
  const txn = state.txns.create(parsed.request, lang);
  const session = state.sessions.fromCookieHeader(brand, req.headers.cookie);
  const user = session ? ctx.store.users.get(session.userKey) : undefined;
  if (user && !userProblem(user)) return sendPage(reply, continuePage(txn, parsed.app, user));
  return sendPage(reply, signInPage(txn, parsed.app));
}

export function registerAuthorizePages(app: FastifyInstance, deps: OAuthDeps): void {
  const { ctx, state, brand } = deps;

  /** The transaction named by a form or query, with its app, or an "expired" page. */
  const load = (
    req: FastifyRequest,
    reply: FastifyReply,
    txnId: string | undefined,
  ): { txn: AuthorizeTxn; app: SandboxApp } | undefined => {
    const txn = state.txns.get(txnId);
    const found =
      txn && txn.request.brand === brand ? ctx.store.apps.get(txn.request.appId) : undefined;
    if (!txn || !found) {
      const lang = pickLang(undefined, req.headers['accept-language'], brand);
      sendPage(reply, errorPage(brand, lang, { code: 20063, key: 'txnExpired' }));
      return undefined;
    }
    return { txn, app: found };
  };

  /** The user who signed in for this transaction, if this browser is still that session. */
  const signedIn = (req: FastifyRequest, txn: AuthorizeTxn) => {
    const session = state.sessions.fromCookieHeader(brand, req.headers.cookie);
    if (!session || !txn.sessionId || session.id !== txn.sessionId) return undefined;
    if (session.userKey !== txn.userKey) return undefined;
    return ctx.store.users.get(session.userKey);
  };

  const seeOther = (reply: FastifyReply, path: string, txn: AuthorizeTxn, cookie?: string) => {
    if (cookie) reply.header('set-cookie', cookie);
    return reply
      .code(303)
      .header('cache-control', 'no-store')
      .header('location', `${inBrand(brand, path)}?txn=${encodeURIComponent(txn.id)}`)
      .send();
  };

  app.get(PATHS.authorize, (req, reply) => startAuthorize(deps, req, reply, 'v2'));

  app.get(PATHS.login, (req, reply) => {
    const q = fields(TxnQuery, req.query);
    const hit = load(req, reply, q.txn);
    if (!hit) return reply;
    hit.txn.lang = parseLang(q.lang) ?? hit.txn.lang;
    return sendPage(reply, signInPage(hit.txn, hit.app));
  });

  app.post(PATHS.login, (req, reply) => {
    const form = fields(LoginForm, req.body);
    const hit = load(req, reply, form.txn);
    if (!hit) return reply;
    const { txn } = hit;
    const result = signIn(ctx.store, brand, form.account ?? '', form.password ?? '');
    if (!result.ok) {
      const error = signInError(result.reason, txn.lang);
      return sendPage(reply, signInPage(txn, hit.app, { account: form.account ?? '', error }));
    }
    const { session, cookie } = state.sessions.create(brand, result.user.key);
    txn.userKey = result.user.key;
    txn.sessionId = session.id;
    return seeOther(reply, PATHS.consent, txn, cookie);
  });

  app.post(PATHS.continueAs, (req, reply) => {
    const form = fields(TxnQuery, req.body);
    const hit = load(req, reply, form.txn);
    if (!hit) return reply;
    const { txn } = hit;
    const session = state.sessions.fromCookieHeader(brand, req.headers.cookie);
    const user = session ? ctx.store.users.get(session.userKey) : undefined;
    const problem = session ? userProblem(user) : 'gone';
    if (!session || !user || problem) {
      const error = signInError(problem === 'frozen' ? 'frozen' : 'no_account', txn.lang);
      reply.header('set-cookie', clearedSessionCookie(brand));
      return sendPage(reply, signInPage(txn, hit.app, { error }));
    }
    txn.userKey = user.key;
    txn.sessionId = session.id;
    return seeOther(reply, PATHS.consent, txn);
  });

  app.post(PATHS.switchAccount, (req, reply) => {
    const form = fields(TxnQuery, req.body);
    const hit = load(req, reply, form.txn);
    if (!hit) return reply;
    const session = state.sessions.fromCookieHeader(brand, req.headers.cookie);
    if (session) state.sessions.end(session.id);
    delete hit.txn.userKey;
    delete hit.txn.sessionId;
    return seeOther(reply, PATHS.login, hit.txn, clearedSessionCookie(brand));
  });

  app.get(PATHS.consent, (req, reply) => {
    const q = fields(TxnQuery, req.query);
    const hit = load(req, reply, q.txn);
    if (!hit) return reply;
    hit.txn.lang = parseLang(q.lang) ?? hit.txn.lang;
    const user = signedIn(req, hit.txn);
    if (!user) return sendPage(reply, signInPage(hit.txn, hit.app));
    return sendPage(reply, consentPage(hit.txn, hit.app, user));
  });

  app.post(PATHS.consent, (req, reply) => {
    const form = fields(ConsentForm, req.body);
    const hit = load(req, reply, form.txn);
    if (!hit) return reply;
    const { txn } = hit;
    const user = signedIn(req, txn);
    if (!user) return sendPage(reply, signInPage(txn, hit.app));
    const problem = userProblem(user);
    if (problem) {
      const error = signInError(problem === 'frozen' ? 'frozen' : 'no_account', txn.lang);
      return sendPage(reply, signInPage(txn, hit.app, { error }));
    }
    if (form.decision !== 'allow' && form.decision !== 'deny') {
      return sendPage(reply, { ...consentPage(txn, hit.app, user), status: 400 });
    }
    state.txns.finish(txn.id);
    const location =
      form.decision === 'allow'
        ? codeRedirect(deps, txn.request, user.key)
        : deniedRedirect(txn.request);
    return reply.code(302).header('cache-control', 'no-store').header('location', location).send();
  });
}
