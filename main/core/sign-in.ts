// One sign-in attempt, by system browser or embedded QR view: a loopback listener, a PKCE pair
// and a state, a login transaction on the control plane, the page shown, the loopback result
// checked, and the handoff code redeemed with the verifier. A new attempt replaces the running
// one; cancel ends it. The verifier and the code never leave this module.
import type { Device } from '../../shared/domain/auth/login-transaction.ts';
import type { LoginTransaction } from '../../shared/domain/auth/login-transaction.ts';
import type { TokenResponse } from '../../shared/domain/auth/token.ts';
import { catalogError } from './catalog-error.ts';
import { ClientCoreError } from './client-core-errors.ts';
import type { ControlPlaneApi } from './control-plane-api.ts';
import { LoopbackError, type LoopbackListener } from './loopback-listener.ts';
import { createPkcePair, createState } from './pkce-pair.ts';

export type SignInMethod = 'browser' | 'qr';

export interface SignInRequest {
  method: SignInMethod;
  enterpriseId: string;
  sourceId: string;
  device: Device;
}

/** Shows the page: the system browser for 'browser', the embedded QR view for 'qr'. */
export type PagePresenter = (
  url: string,
  method: SignInMethod,
  redirectUri: string,
) => Promise<void> | void;

export interface RunningSignIn {
  readonly method: SignInMethod;
  readonly transaction: LoginTransaction;
  /** The URL shown: authorize_url or qr_url. */
  readonly pageUrl: string;
  /** Tokens once the person finished; rejects with a ClientError (LOOPBACK_CANCELLED...). */
  readonly done: Promise<TokenResponse>;
  cancel(): void;
}

export interface SignInFlowDeps {
  api: () => ControlPlaneApi;
  listener: LoopbackListener;
  present: PagePresenter;
  timeoutMs?: number;
}

export class SignInFlow {
  readonly #deps: SignInFlowDeps;
  #current: AbortController | undefined;

  constructor(deps: SignInFlowDeps) {
    this.#deps = deps;
  }

  /** Starts an attempt; resolves once the page is shown (the outcome is in `done`). */
  async start(request: SignInRequest): Promise<RunningSignIn> {
    this.#current?.abort();
    const abort = new AbortController();
    this.#current = abort;
    const { signal } = abort;
    const state = createState();
    const pkce = createPkcePair();
    const attempt = await this.#deps.listener.start({
      state,
      signal,
      ...(this.#deps.timeoutMs === undefined ? {} : { timeoutMs: this.#deps.timeoutMs }),
    });
    try {
      const transaction = await this.#deps.api().createTransaction(
        {
          enterprise_id: request.enterpriseId,
          source_id: request.sourceId,
          redirect_uri: attempt.redirectUri,
          code_challenge: pkce.challenge,
          code_challenge_method: 'S256',
          state,
          device: request.device,
        },
        signal,
      );
      const pageUrl = request.method === 'qr' ? transaction.qr_url : transaction.authorize_url;
      if (!pageUrl) throw new ClientCoreError('QR_NOT_OFFERED');
      if (signal.aborted) throw new LoopbackError('LOOPBACK_CANCELLED');
      await this.#deps.present(pageUrl, request.method, attempt.redirectUri);

      const done = attempt.result.then(async ({ params }) => {
        if (params.error !== undefined || !params.code) {
          throw catalogError(
            params.error_code || params.error || 'unknown',
            {},
            params.error_description ?? params.error,
          );
        }
        return this.#deps.api().redeem(
          {
            code: params.code,
            verifier: pkce.verifier,
            transactionId: transaction.transaction_id,
          },
          signal,
        );
      });
      done
        .finally(() => {
          if (this.#current === abort) this.#current = undefined;
        })
        .catch(() => undefined);
      return {
        method: request.method,
        transaction,
        pageUrl,
        done,
        cancel: () => abort.abort(),
      };
    } catch (error) {
      attempt.cancel();
      if (this.#current === abort) this.#current = undefined;
      throw error;
    }
  }

  /** Ends the running attempt, if any (its `done` rejects with LOOPBACK_CANCELLED). */
  cancel(): void {
    this.#current?.abort();
    this.#current = undefined;
  }
}
