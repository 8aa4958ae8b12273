// Login transactions: created by the client with its loopback redirect, PKCE challenge, state
// and device; then opened in the system browser (a redirect to the brand's authorize page) or
// in the embedded QR view (the passport authorize URL as the QR SDK's goto). Each opening gets
// its own unguessable single-use state toward Feishu, stored only as a digest and marked with
// its path (browser or QR) so the callback knows which token endpoint redeems the code.
import { randomUUID } from 'node:crypto';
import type {
  CreateLoginTransaction,
  LoginTransaction,
} from '../../shared/domain/auth/login-transaction.ts';
import { AppError } from '../../shared/domain/errors/index.ts';
import type { Locale } from '../../shared/domain/errors/index.ts';
import { normalizeVerificationId } from '../../shared/domain/verification-id.ts';
import { redirectUrl } from '../identity-sources/source-urls.ts';
import { RateLimiter } from '../security/rate-limiter.ts';
import { randomToken, sha256Hex } from '../security/tokens.ts';
import { getSourceById } from '../storage/repositories/identity-sources.ts';
import {
  countState,
  getTransaction,
  insertState,
  insertTransaction,
} from '../storage/repositories/login-transactions.ts';
import { getTenantByVerificationId, getTenant } from '../storage/repositories/tenants.ts';
import type { IdentitySourceRow } from '../storage/schema.ts';
import type { LoginFlow } from '../storage/session-tables.ts';
import { ALL_TENANTS } from '../storage/tenant-scope.ts';
import { brandEndpoints } from './brand-endpoints.ts';
import { feishuVerifier, s256 } from './pkce.ts';
import type { QrPageInput } from './signin-pages.ts';
import { signInUrls, type SignInDeps } from './signin-deps.ts';

/** Each opening of a transaction's pages issues a state; a reload is fine, a flood is not. */
export const MAX_STATES_PER_TRANSACTION = 20;

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

export function createLoginTransactions(deps: SignInDeps, pkceKey: Buffer) {
  const { db, clock, config } = deps;
  const limiter = new RateLimiter({
    limit: config.transactionsPerIpPerMinute,
    windowMs: 60_000,
    clock,
  });
  const callbackUrl = redirectUrl(deps.publicUrl);

  async function open(transactionId: string, flow: LoginFlow) {
    const now = clock.now();
    const txn = await getTransaction(db, transactionId);
    if (!txn) throw new AppError('SIGNIN_TRANSACTION_NOT_FOUND');
    if (txn.expires_at <= now) throw new AppError('SIGNIN_TRANSACTION_EXPIRED');
    if (txn.status !== 'pending') throw new AppError('SIGNIN_TRANSACTION_NOT_FOUND');
    const [source, tenant] = await Promise.all([
      getSourceById(db, txn.source_id),
      getTenant(db, ALL_TENANTS, txn.tenant_id),
    ]);
    if (!tenant || tenant.status !== 'active') throw new AppError('TENANT_SUSPENDED');
    if (!source || source.status !== 'enabled') throw new AppError('SIGNIN_SOURCE_CLOSED');
    if (flow === 'qr' && !source.qr_login) throw new AppError('SIGNIN_QR_DISABLED');
    if (!(await countState(db, txn.id, now, MAX_STATES_PER_TRANSACTION)))
      throw new AppError('SIGNIN_TOO_MANY_PAGES');
    const state = randomToken(32);
    await insertState(db, {
      stateHash: sha256Hex(state),
      transactionId: txn.id,
      flow,
      now,
      expiresAt: txn.expires_at,
    });
    return { txn, source, state };
  }

  const appIdOf = (source: IdentitySourceRow) => source.app_id;

  return {
    async create(input: CreateLoginTransaction, client: ClientInfo): Promise<LoginTransaction> {
      const hit = limiter.hit(client.ip);
      if (!hit.allowed)
        throw new AppError('RATE_LIMITED', {
          params: { retryAfterSeconds: hit.retryAfterSeconds },
        });
      const id = normalizeVerificationId(input.enterprise_id);
      const tenant = id ? await getTenantByVerificationId(db, id) : undefined;
      if (!tenant) throw new AppError('TENANT_NOT_FOUND');
      if (tenant.status !== 'active') throw new AppError('TENANT_SUSPENDED');
      const source = await getSourceById(db, input.source_id);
      if (!source || source.tenant_id !== tenant.id) throw new AppError('SIGNIN_SOURCE_NOT_FOUND');
      if (source.status !== 'enabled') throw new AppError('SIGNIN_SOURCE_CLOSED');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + config.transactionMinutes * 60_000);
      const transactionId = randomUUID();
      await insertTransaction(db, {
        id: transactionId,
        tenant_id: tenant.id,
        source_id: source.id,
        redirect_uri: input.redirect_uri,
        code_challenge: input.code_challenge,
        client_state: input.state,
        device_id: input.device.id,
        device_name: input.device.name,
        device_os: input.device.os,
        app_version: input.device.app_version,
        ip: client.ip,
        user_agent: client.userAgent?.slice(0, 512) ?? null,
        status: 'pending',
        user_id: null,
        handoff_hash: null,
        handoff_expires_at: null,
        error_code: null,
        created_at: now,
        expires_at: expiresAt,
        finished_at: null,
      });
      const urls = signInUrls(deps.publicUrl, transactionId);
      return {
        transaction_id: transactionId,
        authorize_url: urls.authorize,
        qr_url: source.qr_login ? urls.qr : null,
        expires_at: expiresAt.toISOString(),
      };
    },

    /** The brand's authorize URL for the system browser (PKCE toward Feishu too). */
    async browserRedirect(transactionId: string): Promise<string> {
      const { source, state } = await open(transactionId, 'browser');
      const url = new URL(brandEndpoints(config, source.brand).authorize);
      url.search = new URLSearchParams({
        client_id: appIdOf(source),
        response_type: 'code',
        redirect_uri: callbackUrl,
        state,
        code_challenge: s256(feishuVerifier(pkceKey, state)),
        code_challenge_method: 'S256',
      }).toString();
      return url.toString();
    },

    /** What the QR page needs: the SDK's script and a passport goto with a fresh state. */
    async qrPage(transactionId: string, locale: Locale): Promise<QrPageInput> {
      const { source, state } = await open(transactionId, 'qr');
      const endpoints = brandEndpoints(config, source.brand);
      const goto = new URL(endpoints.passportAuthorize);
      goto.search = new URLSearchParams({
        client_id: appIdOf(source),
        redirect_uri: callbackUrl,
        response_type: 'code',
        state,
      }).toString();
      return {
        locale,
        brand: source.brand,
        goto: goto.toString(),
        qrScriptUrl: endpoints.qrScript,
        frameOrigins: [
          new URL(endpoints.passportAuthorize).origin,
          new URL(endpoints.qrScript).origin,
        ],
        browserUrl: signInUrls(deps.publicUrl, transactionId).authorize,
      };
    },
  };
}

export type LoginTransactions = ReturnType<typeof createLoginTransactions>;
