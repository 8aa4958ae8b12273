// The push stream client (SSE at /api/v1/session/stream): Authorization header, Last-Event-ID
// resume, reconnect with jittered backoff, and a heartbeat timeout that treats a silent
// connection as dead. A 401 asks for a fresh token once; a second one ends the stream. The
// transport is injected (ControlPlaneHttp.openStream in the client core: proxy, agents, CAs).
import type { OpenedStream } from './control-plane-http-stream.ts';
import {
  HEARTBEAT_EVENT,
  streamEventSchema,
  type StreamEvent,
} from '../../shared/domain/auth/stream-events.ts';

export type StreamStatus = 'connecting' | 'online' | 'offline';

export interface SessionStreamDeps {
  /**
   * Opens one connection to the stream with these headers. The client core passes
   * ControlPlaneHttp.openStream, so the stream goes through the API's proxy, agents and CAs.
   */
  open: StreamOpener;
  accessToken: () => Promise<string>;
  /** Forces a refresh after a 401; rejects when the session is over. */
  refreshToken: () => Promise<string>;
  onEvent: (event: StreamEvent) => void;
  onStatus: (status: StreamStatus, error?: unknown) => void;
  /** The stream refused the session even after a refresh. */
  onUnauthorized?: () => void;
  heartbeatTimeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  random?: () => number;
}

export type { OpenedStream };

export type StreamOpener = (
  headers: Record<string, string>,
  signal: AbortSignal,
) => Promise<OpenedStream>;

interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

/** Splits an SSE byte stream into messages (the subset the control plane writes). */
export async function* parseSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  let message: { id?: string; event?: string; data: string[] } = { data: [] };
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.search(/\r?\n/)) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer[nl] === '\r' ? 2 : 1));
      if (line === '') {
        if (message.data.length > 0 || message.event) {
          yield {
            ...(message.id === undefined ? {} : { id: message.id }),
            event: message.event ?? 'message',
            data: message.data.join('\n'),
          };
        }
        message = { data: [] };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') message.id = value;
      else if (field === 'event') message.event = value;
      else if (field === 'data') message.data.push(value);
    }
  }
}

export class SessionStream {
  readonly #deps: SessionStreamDeps;
  #abort: AbortController | undefined;
  #lastEventId: string | undefined;
  #running = false;
  #loop: Promise<void> | undefined;

  constructor(deps: SessionStreamDeps) {
    this.#deps = deps;
  }

  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#abort?.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const backoff = this.#deps.backoff ?? { baseMs: 1_000, maxMs: 60_000 };
    const random = this.#deps.random ?? Math.random;
    let failures = 0;
    let refreshed = false;
    while (this.#running) {
      this.#deps.onStatus('connecting');
      const outcome = await this.#connectOnce().catch((error: unknown) => ({
        kind: 'error' as const,
        error,
      }));
      if (!this.#running) return;
      if (outcome.kind === 'unauthorized') {
        if (refreshed) {
          this.#running = false;
          this.#deps.onUnauthorized?.();
          return;
        }
        refreshed = true;
        try {
          await this.#deps.refreshToken();
        } catch {
          this.#running = false;
          this.#deps.onUnauthorized?.();
          return;
        }
        continue;
      }
      if (outcome.kind === 'opened') {
        failures = 0;
        refreshed = false;
      }
      failures++;
      this.#deps.onStatus('offline', outcome.kind === 'error' ? outcome.error : undefined);
      const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(failures - 1, 16));
      await this.#sleep(Math.round(ceiling / 2 + (random() * ceiling) / 2));
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const abort = (this.#abort = new AbortController());
      const t = setTimeout(resolve, ms);
      abort.signal.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** One connection: 'opened' when it was live and then ended, 'unauthorized' on a 401. */
  async #connectOnce(): Promise<{ kind: 'opened' | 'unauthorized' | 'error'; error?: unknown }> {
    const abort = (this.#abort = new AbortController());
    const token = await this.#deps.accessToken();
    const headers: Record<string, string> = {
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    };
    if (this.#lastEventId !== undefined) headers['last-event-id'] = this.#lastEventId;
    const heartbeatMs = this.#deps.heartbeatTimeoutMs ?? 45_000;
    let watchdog = setTimeout(() => abort.abort(), heartbeatMs);
    const feed = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => abort.abort(), heartbeatMs);
    };
    try {
      const res = await this.#deps.open(headers, abort.signal);
      if (res.status === 401) {
        res.cancel();
        return { kind: 'unauthorized' };
      }
      if (res.status !== 200) {
        res.cancel();
        return { kind: 'error', error: new Error(`stream answered HTTP ${res.status}`) };
      }
      this.#deps.onStatus('online');
      try {
        for await (const message of parseSse(res.body)) {
          feed();
          if (message.event === HEARTBEAT_EVENT) continue;
          if (message.id !== undefined) this.#lastEventId = message.id;
          let json: unknown;
          try {
            json = JSON.parse(message.data);
          } catch {
            continue;
          }
          const parsed = streamEventSchema.safeParse(json);
          if (parsed.success) this.#deps.onEvent(parsed.data);
        }
      } catch (error) {
        if (!this.#running) return { kind: 'opened' };
        return { kind: 'opened', error };
      }
      return { kind: 'opened' };
    } finally {
      clearTimeout(watchdog);
    }
  }
}
