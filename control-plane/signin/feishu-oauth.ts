// The broker's calls to Feishu/Lark sign-in endpoints: the code exchange (v2 token endpoint for
// the browser path, the legacy passport endpoint for the QR path) and the user's identity
// (user_info / passport userinfo). Every answer is parsed before use; the user token lives only
// in this call chain and is never stored or logged.
import { z } from 'zod';
import type { BrandEndpoints } from './brand-endpoints.ts';
import type { FeishuFailure } from './feishu-errors.ts';

export type LoginFlow = 'browser' | 'qr';

export interface FeishuIdentity {
  openId: string;
  unionId: string;
  tenantKey: string;
  name: string;
  enName?: string;
  email?: string;
  userId?: string;
}

export type FeishuResult<T> = { ok: true; value: T } | { ok: false; failure: FeishuFailure };

export interface ExchangeInput {
  appId: string;
  appSecret: string;
  code: string;
  redirectUri: string;
  /** PKCE verifier toward Feishu (browser path only). */
  codeVerifier?: string;
}

export interface FeishuOAuth {
  identify(
    endpoints: BrandEndpoints,
    flow: LoginFlow,
    input: ExchangeInput,
  ): Promise<FeishuResult<FeishuIdentity>>;
}

const TIMEOUT_MS = 10_000;
const MAX_BODY = 256 * 1024;

const v2TokenOk = z.object({ code: z.literal(0), access_token: z.string().min(1).max(8192) });
const passportTokenOk = z.object({ access_token: z.string().min(1).max(8192) });
const identityFields = {
  open_id: z.string().min(1).max(128),
  union_id: z.string().min(1).max(128),
  tenant_key: z.string().min(1).max(128),
  name: z.string().max(256).default(''),
  en_name: z.string().max(256).optional(),
  email: z.string().max(320).optional(),
  user_id: z.string().max(128).optional(),
};
const userInfoOk = z.object({ code: z.literal(0), data: z.object(identityFields) });
const passportUserInfoOk = z.object(identityFields);

type Fetch = typeof fetch;

async function call(
  fetchImpl: Fetch,
  url: string,
  init: RequestInit,
): Promise<{ status: number; body: unknown } | { failure: FeishuFailure }> {
  try {
    const res = await fetchImpl(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    if (text.length > MAX_BODY) return { failure: { httpStatus: res.status, error: 'too_large' } };
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, body };
  } catch (err) {
    return { failure: { error: 'network_error', message: (err as Error).name } };
  }
}

/** Feishu's error bodies vary by endpoint ({code, msg}, {code, error, error_description},
 *  {error, error_description}, with an `error` object on the gateway's): read what is there. */
function failureOf(status: number, body: unknown): FeishuFailure {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const code =
    typeof b.code === 'number' && Number.isInteger(b.code) && b.code !== 0 ? b.code : undefined;
  const error = text(b.error);
  const message = text(b.error_description) ?? text(b.msg);
  return {
    httpStatus: status,
    ...(code !== undefined ? { code } : {}),
    ...(error ? { error } : {}),
    ...(message ? { message } : {}),
  };
}

const identityOf = (d: z.infer<typeof passportUserInfoOk>): FeishuIdentity => ({
  openId: d.open_id,
  unionId: d.union_id,
  tenantKey: d.tenant_key,
  name: d.name,
  ...(d.en_name ? { enName: d.en_name } : {}),
  ...(d.email ? { email: d.email } : {}),
  ...(d.user_id ? { userId: d.user_id } : {}),
});

export function createFeishuOAuth(fetchImpl: Fetch = fetch): FeishuOAuth {
  async function exchange(
    e: BrandEndpoints,
    flow: LoginFlow,
    input: ExchangeInput,
  ): Promise<FeishuResult<string>> {
    const r =
      flow === 'browser'
        ? await call(fetchImpl, e.token, {
            method: 'POST',
            headers: { 'content-type': 'application/json; charset=utf-8' },
            body: JSON.stringify({
              grant_type: 'authorization_code',
              client_id: input.appId,
              client_secret: input.appSecret,
              code: input.code,
              redirect_uri: input.redirectUri,
              ...(input.codeVerifier ? { code_verifier: input.codeVerifier } : {}),
            }),
          })
        : await call(fetchImpl, e.passportToken, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'authorization_code',
              client_id: input.appId,
              client_secret: input.appSecret,
              code: input.code,
              redirect_uri: input.redirectUri,
            }).toString(),
          });
    if ('failure' in r) return { ok: false, failure: r.failure };
    const parsed = (flow === 'browser' ? v2TokenOk : passportTokenOk).safeParse(r.body);
    if (r.status === 200 && parsed.success) return { ok: true, value: parsed.data.access_token };
    return { ok: false, failure: failureOf(r.status, r.body) };
  }

  async function whoIs(
    e: BrandEndpoints,
    flow: LoginFlow,
    userToken: string,
  ): Promise<FeishuResult<FeishuIdentity>> {
    const r = await call(fetchImpl, flow === 'browser' ? e.userInfo : e.passportUserInfo, {
      headers: { authorization: `Bearer ${userToken}` },
    });
    if ('failure' in r) return { ok: false, failure: r.failure };
    if (r.status === 200) {
      const parsed =
        flow === 'browser' ? userInfoOk.safeParse(r.body) : passportUserInfoOk.safeParse(r.body);
      if (parsed.success) {
        const data = 'data' in parsed.data ? parsed.data.data : parsed.data;
        return { ok: true, value: identityOf(data as z.infer<typeof passportUserInfoOk>) };
      }
    }
    return { ok: false, failure: failureOf(r.status, r.body) };
  }

  return {
    async identify(e, flow, input) {
      const token = await exchange(e, flow, input);
      if (!token.ok) return token;
      return whoIs(e, flow, token.value);
    },
  };
}
