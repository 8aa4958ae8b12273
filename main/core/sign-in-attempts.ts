// The sign-in attempts as the person sees them: waiting (browser or QR), then signed in, back to
// idle on cancel, or an error with its code. Only the newest attempt may change the state; an
// older one that ends late (replaced, cancelled) is ignored. The tokens go to ClientSession.
import type { DiscoverySource } from '../../shared/domain/auth/discovery.ts';
import type { Device } from '../../shared/domain/auth/login-transaction.ts';
import type { AppStateStore } from './app-state.ts';
import type { ClientError } from './client-error.ts';
import { asClientError, ClientCoreError } from './client-core-errors.ts';
import type { ClientSession } from './client-session.ts';
import { LoopbackError } from './loopback-listener.ts';
import type { SignInFlow, SignInMethod } from './sign-in.ts';

export interface SignInAttemptsDeps {
  flow: SignInFlow;
  state: AppStateStore;
  session: ClientSession;
  openBrowser: (url: string) => Promise<void> | void;
  closeQr?: () => void;
}

export class SignInAttempts {
  readonly #deps: SignInAttemptsDeps;
  #attempt = 0;

  constructor(deps: SignInAttemptsDeps) {
    this.#deps = deps;
  }

  /** Starts an attempt; resolves with the page URL once shown. The outcome arrives as state. */
  async start(input: {
    method: SignInMethod;
    source: DiscoverySource;
    enterpriseId: string;
    device: Device;
  }): Promise<string> {
    const { method, source } = input;
    if (method === 'qr' && !source.qr_login) throw new ClientCoreError('QR_NOT_OFFERED');
    const { state } = this.#deps;
    const attempt = ++this.#attempt;
    if (method === 'browser') this.#deps.closeQr?.();
    state.update({
      signIn: {
        phase: method === 'qr' ? 'waiting_qr' : 'waiting_browser',
        method,
        sourceId: source.id,
        authorizeUrl: undefined,
        qrUrl: undefined,
        expiresAt: undefined,
        error: undefined,
      },
    });
    let running;
    try {
      running = await this.#deps.flow.start({
        method,
        enterpriseId: input.enterpriseId,
        sourceId: source.id,
        device: input.device,
      });
    } catch (error) {
      const e = asClientError(error);
      if (attempt === this.#attempt) this.#failed(e);
      throw e;
    }
    state.update({
      signIn: {
        authorizeUrl: running.transaction.authorize_url,
        qrUrl: running.transaction.qr_url ?? undefined,
        expiresAt: running.transaction.expires_at,
      },
    });
    running.done.then(
      async (tokens) => {
        if (attempt !== this.#attempt) return;
        this.#deps.closeQr?.();
        try {
          await this.#deps.session.begin(tokens);
        } catch (error) {
          this.#failed(asClientError(error));
        }
      },
      (error: unknown) => {
        if (attempt !== this.#attempt) return;
        this.#deps.closeQr?.();
        const e = asClientError(error);
        if (e instanceof LoopbackError && e.code === 'LOOPBACK_CANCELLED') {
          state.update({ signIn: { phase: 'idle', method: undefined, error: undefined } });
        } else if (!(e instanceof LoopbackError && e.code === 'LOOPBACK_REPLACED')) {
          this.#failed(e);
        }
      },
    );
    return running.pageUrl;
  }

  #failed(error: ClientError): void {
    this.#deps.state.update({
      signIn: { phase: 'error', authorizeUrl: undefined, qrUrl: undefined, error },
    });
  }

  async reopenBrowser(): Promise<void> {
    const { phase, authorizeUrl } = this.#deps.state.state.signIn;
    if (phase !== 'waiting_browser' || !authorizeUrl)
      throw new ClientCoreError('SIGNIN_NOT_RUNNING');
    await this.#deps.openBrowser(authorizeUrl);
  }

  cancel(): void {
    this.#attempt++;
    this.#deps.flow.cancel();
    this.#deps.closeQr?.();
    const { phase } = this.#deps.state.state.signIn;
    if (phase === 'waiting_browser' || phase === 'waiting_qr')
      this.#deps.state.update({
        signIn: { phase: 'idle', method: undefined, authorizeUrl: undefined, qrUrl: undefined },
      });
  }
}
