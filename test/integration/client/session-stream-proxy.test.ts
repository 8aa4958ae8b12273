// The push stream through a real forward proxy on 127.0.0.1, the way the client core opens it
// (ControlPlaneApi.openSessionStream over the control-plane HTTP client): CONNECT for an https
// control plane, with the extra CA checked through the tunnel, and for an http one (the agents
// tunnel plain http too); a refusing proxy and an untrusted certificate end as translated errors; stopping
// leaves no connection open at the proxy.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../shared/domain/auth/stream-events.ts';
import { createControlPlaneApi } from '../../../main/core/control-plane-api.ts';
import {
  createControlPlaneHttp,
  type ControlPlaneHttp,
  type ControlPlaneHttpOptions,
} from '../../../main/core/control-plane-http.ts';
import { ControlPlaneHttpError } from '../../../main/core/control-plane-http-errors.ts';
import { SessionStream } from '../../../main/core/session-stream.ts';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy.ts';
import { makeTestCa, type TestCa } from './support/test-ca.ts';

const SESSION = '00000000-0000-4000-8000-000000000001';
const changed = (id: number) =>
  `id: ${id}\nevent: entitlements-changed\ndata: ${JSON.stringify({
    type: 'entitlements-changed',
    session_id: SESSION,
    entitlement_version: id,
    at: '2026-01-01T00:00:00.000Z',
  })}\n\n`;

let ca: TestCa;
let proxy: ForwardProxy;
let httpsServer: Server;
let httpServer: Server;
let httpsUrl: string;
let httpUrl: string;
let seen: Array<{ path: string; auth: string | undefined }>;

const streamHandler = (req: IncomingMessage, res: ServerResponse) => {
  seen.push({ path: req.url ?? '', auth: req.headers.authorization });
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(changed(1));
};

const listen = async (server: Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    server.close(() => resolve());
  });

beforeAll(async () => {
  ca = makeTestCa();
  proxy = await startForwardProxy();
  httpsServer = createHttpsServer({ key: ca.serverKey, cert: ca.serverCert }, streamHandler);
  httpServer = createHttpServer(streamHandler);
  httpsUrl = `https://127.0.0.1:${await listen(httpsServer)}`;
  httpUrl = `http://127.0.0.1:${await listen(httpServer)}`;
});

afterAll(async () => {
  await close(httpsServer);
  await close(httpServer);
  await proxy.close();
  ca.cleanup();
});

beforeEach(() => {
  seen = [];
  proxy.connects = [];
  proxy.refuseWith = undefined;
});

/** Runs a stream until it delivers an event or reports offline, then stops it. */
async function runStream(options: Partial<ControlPlaneHttpOptions> & { baseUrl: string }) {
  const http: ControlPlaneHttp = createControlPlaneHttp({
    appVersion: '1.0.0',
    trustSystemCertificates: false,
    // Loopback is never proxied from the environment: the test names the proxy explicitly.
    proxy: async () => proxy.url,
    ...options,
  });
  const api = createControlPlaneApi(http);
  const events: StreamEvent[] = [];
  const errors: unknown[] = [];
  const stream = new SessionStream({
    open: (headers, signal) => api.openSessionStream(headers, signal),
    accessToken: async () => 'access-token',
    refreshToken: async () => 'access-token',
    onEvent: (event) => events.push(event),
    onStatus: (status, error) => {
      if (status === 'offline') errors.push(error);
    },
    backoff: { baseMs: 1_000, maxMs: 1_000 },
  });
  stream.start();
  for (let i = 0; i < 200 && events.length === 0 && errors.length === 0; i++)
    await new Promise((r) => setTimeout(r, 10));
  await stream.stop();
  http.close();
  return { events, errors };
}

const waitForNoSockets = async () => {
  for (let i = 0; i < 100 && proxy.openSockets > 0; i++)
    await new Promise((r) => setTimeout(r, 10));
  return proxy.openSockets;
};

describe('push stream through a forward proxy', () => {
  it('tunnels to an https control plane with CONNECT, trusting the extra CA', async () => {
    const { events, errors } = await runStream({ baseUrl: httpsUrl, extraCaFile: ca.caFile });
    expect(errors).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['entitlements-changed']);
    expect(proxy.connects).toEqual([new URL(httpsUrl).host]);
    expect(seen).toEqual([{ path: '/api/v1/session/stream', auth: 'Bearer access-token' }]);
    expect(await waitForNoSockets()).toBe(0);
  });

  it('tunnels to a plain-http control plane as well', async () => {
    const { events, errors } = await runStream({ baseUrl: httpUrl });
    expect(errors).toEqual([]);
    expect(events).toHaveLength(1);
    expect(proxy.connects).toEqual([new URL(httpUrl).host]);
    expect(await waitForNoSockets()).toBe(0);
  });

  it('without the extra CA the tunnelled certificate is refused (CP_TLS), nothing delivered', async () => {
    const { events, errors } = await runStream({ baseUrl: httpsUrl });
    expect(events).toEqual([]);
    expect(errors[0]).toBeInstanceOf(ControlPlaneHttpError);
    expect((errors[0] as ControlPlaneHttpError).code).toBe('CP_TLS');
    expect(seen).toEqual([]);
  });

  it('a proxy that wants credentials (407) is CP_PROXY, in both languages', async () => {
    proxy.refuseWith = 407;
    const { errors } = await runStream({ baseUrl: httpsUrl, extraCaFile: ca.caFile });
    const error = errors[0] as ControlPlaneHttpError;
    expect(error.code).toBe('CP_PROXY');
    expect(error.params.reason).toBe('HTTP 407');
    expect(error.describe('en').message).not.toBe(error.describe('zh-CN').message);
    expect(seen).toEqual([]);
  });
});
