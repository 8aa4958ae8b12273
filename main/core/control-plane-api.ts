// The control plane's client-facing endpoints as typed calls over ControlPlaneHttp: discovery,
// login transactions, the token endpoint, the session, sign-out and entitlements. Answers are
// parsed with the shared sign-in contract, so a drift on either side fails loudly here.
import { z } from 'zod';
import {
  discoveryResponseSchema,
  type DiscoveryResponse,
} from '../../shared/domain/auth/discovery.ts';
import {
  loginTransactionSchema,
  type CreateLoginTransaction,
  type LoginTransaction,
} from '../../shared/domain/auth/login-transaction.ts';
import {
  profileSchema,
  tokenResponseSchema,
  type TokenResponse,
} from '../../shared/domain/auth/token.ts';
import {
  destinationMapSchema,
  entitlementsSchema,
  type DestinationMap,
  type Entitlements,
} from '../../shared/domain/policy/entitlement-schemas.ts';
import type { ControlPlaneHttp, OpenedStream } from './control-plane-http.ts';

export const API_PREFIX = '/api/v1';

export const currentSessionSchema = z.object({
  session_id: z.string(),
  expires_at: z.string(),
  entitlement_version: z.number().int(),
  profile: profileSchema,
});
export type CurrentSession = z.infer<typeof currentSessionSchema>;

/** The entitlements answer: the user's document and, alongside, the tenant's destination map
 *  (what the local proxy treats as private). An older control plane may send no map. */
const entitlementsAnswerSchema = entitlementsSchema.extend({
  destinations: destinationMapSchema.optional(),
});
export interface EntitlementsAnswer {
  document: Entitlements;
  destinations: DestinationMap | undefined;
}

export interface ControlPlaneApi {
  discovery(enterpriseId: string, signal?: AbortSignal): Promise<DiscoveryResponse>;
  createTransaction(input: CreateLoginTransaction, signal?: AbortSignal): Promise<LoginTransaction>;
  redeem(
    input: { code: string; verifier: string; transactionId: string },
    signal?: AbortSignal,
  ): Promise<TokenResponse>;
  refresh(input: { refreshToken: string; deviceId: string }): Promise<TokenResponse>;
  session(accessToken: string): Promise<CurrentSession>;
  logout(accessToken: string): Promise<void>;
  /** The avatar (an https URL from the profile) as a data: URL, fetched with size/type limits. */
  fetchAvatar(url: string): Promise<string>;
  /** One connection to the push stream (SSE); the caller sends the bearer token in headers. */
  openSessionStream(headers: Record<string, string>, signal: AbortSignal): Promise<OpenedStream>;
  /** undefined when the control plane does not serve entitlements (404). */
  entitlements(accessToken: string): Promise<EntitlementsAnswer | undefined>;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function createControlPlaneApi(http: ControlPlaneHttp): ControlPlaneApi {
  return {
    discovery: (enterpriseId, signal) =>
      http.request({
        path: `${API_PREFIX}/public/discovery`,
        query: { enterprise_id: enterpriseId },
        schema: discoveryResponseSchema,
        ...(signal ? { signal } : {}),
      }),
    createTransaction: (input, signal) =>
      http.request({
        method: 'POST',
        path: `${API_PREFIX}/public/login/transactions`,
        body: input,
        schema: loginTransactionSchema,
        ...(signal ? { signal } : {}),
      }),
    redeem: (input, signal) =>
      http.request({
        method: 'POST',
        path: `${API_PREFIX}/public/token`,
        body: {
          grant_type: 'handoff_code',
          code: input.code,
          code_verifier: input.verifier,
          transaction_id: input.transactionId,
        },
        schema: tokenResponseSchema,
        ...(signal ? { signal } : {}),
      }),
    refresh: (input) =>
      http.request({
        method: 'POST',
        path: `${API_PREFIX}/public/token`,
        body: {
          grant_type: 'refresh_token',
          refresh_token: input.refreshToken,
          device_id: input.deviceId,
        },
        schema: tokenResponseSchema,
      }),
    session: (accessToken) =>
      http.request({
        path: `${API_PREFIX}/session`,
        headers: bearer(accessToken),
        schema: currentSessionSchema,
      }),
    logout: async (accessToken) => {
      await http.request({
        method: 'POST',
        path: `${API_PREFIX}/session/logout`,
        headers: bearer(accessToken),
        schema: z.unknown(),
      });
    },
    fetchAvatar: (url) => http.fetchImage(url),
    openSessionStream: (headers, signal) =>
      http.openStream(`${API_PREFIX}/session/stream`, headers, signal),
    entitlements: async (accessToken) => {
      try {
        const { destinations, ...rest } = await http.request({
          path: `${API_PREFIX}/session/entitlements`,
          headers: bearer(accessToken),
          schema: entitlementsAnswerSchema,
        });
        // zod drops undeclared keys (the version counter beside the document).
        return { document: rest, destinations };
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      }
    },
  };
}
