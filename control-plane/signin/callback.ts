// The control plane's one Redirect URL. Checks the state (known, single use, not expired, its
// transaction still pending), redeems the code with the App Secret on the endpoint of the
// state's path, reads who signed in, resolves them in the directory, and ends the transaction:
// a one-time handoff code (60 s) to the client's loopback address with the client's state, or
// error/error_description/error_code there. Failures before the loopback address is known are
// shown on a translated page instead. The Feishu user token is used once and never kept.
import { AppError, errorBody, errorCatalog } from '../../shared/domain/errors/index.ts';
import type { ErrorCode, ErrorParams, Locale } from '../../shared/domain/errors/index.ts';
import { decryptSourceSecrets } from '../identity-sources/source-secrets.ts';
import { redirectUrl } from '../identity-sources/source-urls.ts';
import { RateLimiter } from '../security/rate-limiter.ts';
import { randomToken, sha256Hex } from '../security/tokens.ts';
import { getSourceById } from '../storage/repositories/identity-sources.ts';
import {
  finishTransaction,
  getTransaction,
  spendState,
} from '../storage/repositories/login-transactions.ts';
import { getTenant } from '../storage/repositories/tenants.ts';
import { ALL_TENANTS } from '../storage/tenant-scope.ts';
import { brandEndpoints } from './brand-endpoints.ts';
import { catalogCodeOf, failureParams } from './feishu-errors.ts';
import { feishuVerifier } from './pkce.ts';
import type { SignInDeps } from './signin-deps.ts';
import { resolveUser } from './user-resolution.ts';

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

export type CallbackOutcome =
  { kind: 'redirect'; location: string } | { kind: 'page'; code: ErrorCode; params: ErrorParams };

/** The OAuth `error` value for a refusal, by the kind of failure its catalog status says. */
const oauthErrorOf = (code: ErrorCode): string => {
  const status = errorCatalog[code].status;
  if (status === 503) return 'temporarily_unavailable';
  if (status >= 500) return 'server_error';
  return 'access_denied';
};

export function createCallback(deps: SignInDeps, pkceKey: Buffer) {
  const { db, clock, config } = deps;
  const limiter = new RateLimiter({
    limit: config.callbackPerIpPerMinute,
    windowMs: 60_000,
    clock,
  });
  const callbackUrl = redirectUrl(deps.publicUrl);

  return async function handle(
    query: CallbackQuery,
    client: { ip: string; locale: Locale },
  ): Promise<CallbackOutcome> {
    const hit = limiter.hit(client.ip);
    if (!hit.allowed)
      throw new AppError('RATE_LIMITED', { params: { retryAfterSeconds: hit.retryAfterSeconds } });
    const page = (code: ErrorCode, params: ErrorParams = {}): CallbackOutcome => ({
      kind: 'page',
      code,
      params,
    });
    const now = clock.now();
    if (!query.state) return page('SIGNIN_STATE_INVALID');
    const spent = await spendState(db, sha256Hex(query.state), now);
    if (!spent) return page('SIGNIN_STATE_INVALID');
    if (spent.used) return page('SIGNIN_STATE_USED');
    if (spent.expires_at <= now) return page('SIGNIN_TRANSACTION_EXPIRED');
    const txn = await getTransaction(db, spent.transaction_id);
    if (!txn || txn.status !== 'pending') return page('SIGNIN_TRANSACTION_NOT_FOUND');
    if (txn.expires_at <= now) return page('SIGNIN_TRANSACTION_EXPIRED');

    // From here the client's loopback address is known: every outcome goes back to it.
    const back = (params: Record<string, string>) => {
      const url = new URL(txn.redirect_uri);
      url.search = new URLSearchParams({ ...params, state: txn.client_state }).toString();
      return url.toString();
    };
    const fail = async (code: ErrorCode, params: ErrorParams = {}): Promise<CallbackOutcome> => {
      await finishTransaction(db, txn.id, clock.now(), { status: 'failed', errorCode: code });
      const body = errorBody(code, client.locale, params).error;
      return {
        kind: 'redirect',
        location: back({
          error: oauthErrorOf(code),
          error_description: body.message,
          error_code: code,
        }),
      };
    };

    if (query.error) {
      return fail(query.error === 'access_denied' ? 'SIGNIN_DENIED' : 'SIGNIN_FEISHU_ERROR', {
        feishuCode: query.error.slice(0, 64),
        feishuMessage: (query.error_description ?? '').slice(0, 200),
      });
    }
    if (!query.code) return fail('SIGNIN_FEISHU_CODE_INVALID', { feishuCode: 'missing' });

    const [source, tenant] = await Promise.all([
      getSourceById(db, txn.source_id),
      getTenant(db, ALL_TENANTS, txn.tenant_id),
    ]);
    if (!tenant || tenant.status !== 'active') return fail('TENANT_SUSPENDED');
    if (!source || source.status !== 'enabled') return fail('SIGNIN_SOURCE_CLOSED');

    const who = await deps.oauth.identify(brandEndpoints(config, source.brand), spent.flow, {
      appId: source.app_id,
      appSecret: decryptSourceSecrets(deps.secretBox, source).appSecret,
      code: query.code,
      redirectUri: callbackUrl,
      ...(spent.flow === 'browser' ? { codeVerifier: feishuVerifier(pkceKey, query.state) } : {}),
    });
    if (!who.ok) {
      const code = catalogCodeOf(who.failure);
      return fail(code, { ...failureParams(who.failure), redirectUrl: callbackUrl });
    }

    const resolved = await resolveUser(deps, source, who.value);
    if (!resolved.ok) return fail(resolved.code, resolved.params ?? {});

    const handoff = randomToken(32);
    const finished = await finishTransaction(db, txn.id, clock.now(), {
      status: 'completed',
      userId: resolved.userId,
      handoffHash: sha256Hex(handoff),
      handoffExpiresAt: new Date(clock.now().getTime() + config.handoffSeconds * 1000),
    });
    // Another state of the same transaction finished first (a second tab): this one is void.
    if (!finished) return page('SIGNIN_TRANSACTION_NOT_FOUND');
    return { kind: 'redirect', location: back({ code: handoff }) };
  };
}

export type Callback = ReturnType<typeof createCallback>;
