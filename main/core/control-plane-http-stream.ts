// A long-lived GET to the control plane (the push stream) over node:http(s), through the same
// keep-alive agents as every other control-plane call: the proxy (CONNECT tunnel for https, the
// absolute-form request for http) and the extra CAs apply to the stream exactly as to the API.
// No response timeout here: the stream's heartbeat watchdog aborts the signal when it goes quiet.
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AgentPair } from './control-plane-http-agents.ts';
import { classifyTransportError } from './control-plane-http-errors.ts';
import { nodeHttp } from './node-http.ts';

export interface OpenedStream {
  status: number;
  body: AsyncIterable<Uint8Array>;
  /** Ends the response and its connection (a streamed answer is never reused). */
  cancel(): void;
}

export interface StreamRequest {
  url: URL;
  headers: Record<string, string>;
  signal: AbortSignal;
  agents: AgentPair;
}

/** Resolves once the response headers are in; rejects with a classified ControlPlaneHttpError. */
export function openHttpStream({
  url,
  headers,
  signal,
  agents,
}: StreamRequest): Promise<OpenedStream> {
  const host = url.host;
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(classifyTransportError(signal.reason, host));
      return;
    }
    const https = url.protocol === 'https:';
    const req = (https ? httpsRequest : nodeHttp.request)(url, {
      method: 'GET',
      headers,
      agent: https ? agents.https : agents.http,
    });
    let res: IncomingMessage | undefined;
    // Destroyed without an error: an abort (stop, or the heartbeat watchdog) may come while the
    // body is being read or while nobody reads it, and must not surface as an 'error' event
    // nobody listens to. A reader sees the body end early; an unanswered request rejects here.
    const cancel = () => {
      signal.removeEventListener('abort', onAbort);
      res?.destroy();
      req.destroy();
    };
    const onAbort = () => {
      cancel();
      if (!res) reject(classifyTransportError(signal.reason, host));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    // Stays attached for the request's whole life, so a late error is never unhandled.
    req.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      if (!res) reject(classifyTransportError(error, host));
    });
    req.on('close', () => signal.removeEventListener('abort', onAbort));
    req.on('response', (answer: IncomingMessage) => {
      res = answer;
      resolve({ status: answer.statusCode ?? 0, body: answer, cancel });
    });
    req.end();
  });
}
