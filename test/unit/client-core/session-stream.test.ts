// The SSE parser and the stream client's reconnect, resume and 401 handling, against a real
// local HTTP server that plays the control plane's stream, opened through the control-plane
// HTTP client (its agents, user agent and language) as the client core does.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../shared/domain/auth/stream-events.ts';
import { createControlPlaneHttp } from '../../../main/core/control-plane-http.ts';
import { parseSse, SessionStream, type StreamOpener } from '../../../main/core/session-stream.ts';

async function* chunks(...parts: string[]) {
  for (const p of parts) yield new TextEncoder().encode(p);
}

const revoked = (id: number) =>
  `id: ${id}\nevent: session-revoked\ndata: ${JSON.stringify({
    type: 'session-revoked',
    session_id: '00000000-0000-4000-8000-000000000001',
    reason: 'admin',
    error_code: 'SESSION_REVOKED_BY_ADMIN',
    at: '2026-01-01T00:00:00.000Z',
  })}\n\n`;

describe('parseSse', () => {
  it('splits messages across chunk boundaries, CRLF, comments and retry lines', async () => {
    const out = [];
    for await (const m of parseSse(
      chunks(
        'retry: 3000\n\n: hi\nid: 4\nev',
        'ent: x\r\ndata: {"a"',
        ':1}\r\n\r\nevent: heartbeat\ndata: {}\n\n',
      ),
    ))
      out.push(m);
    expect(out).toEqual([
      { id: '4', event: 'x', data: '{"a":1}' },
      { event: 'heartbeat', data: '{}' },
    ]);
  });
});

describe('SessionStream', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  let open = 0;
  async function serve(
    handler: (req: IncomingMessage, res: ServerResponse, n: number) => void,
  ): Promise<StreamOpener> {
    let n = 0;
    const server = createServer((req, res) => handler(req, res, ++n));
    server.on('connection', (socket) => {
      open++;
      socket.on('close', () => open--);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(
      () =>
        new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    );
    const http = createControlPlaneHttp({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      appVersion: '9.9.9',
      trustSystemCertificates: false,
      locale: () => 'zh-CN',
    });
    closers.push(async () => http.close());
    return (headers, signal) => http.openStream('/stream', headers, signal);
  }

  it('sends the bearer token, delivers events, resumes with Last-Event-ID after a drop', async () => {
    const seen: Array<{ auth?: string; last?: string; ua?: string; lang?: string }> = [];
    const opener = await serve((req, res, n) => {
      seen.push({
        auth: req.headers.authorization,
        last: req.headers['last-event-id'] as string,
        ua: req.headers['user-agent'],
        lang: req.headers['accept-language'],
      });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (n === 1) res.end(revoked(7));
      else res.write(revoked(8));
    });
    const events: StreamEvent[] = [];
    const statuses: string[] = [];
    const stream = new SessionStream({
      open: opener,
      accessToken: async () => 'tok',
      refreshToken: async () => 'tok2',
      onEvent: (e) => events.push(e),
      onStatus: (s) => statuses.push(s),
      backoff: { baseMs: 10, maxMs: 20 },
    });
    stream.start();
    for (let i = 0; i < 100 && events.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await stream.stop();
    expect(events.map((e) => e.type)).toEqual(['session-revoked', 'session-revoked']);
    expect(seen[0]).toMatchObject({ auth: 'Bearer tok', last: undefined, lang: 'zh-CN' });
    expect(seen[0]?.ua).toMatch(/^Gatehouse\/9\.9\.9 /);
    expect(seen[1]?.last).toBe('7');
    expect(statuses).toContain('offline');
    expect(statuses).toContain('online');
  });

  it('treats a silent connection as dead (heartbeat timeout) and reconnects', async () => {
    const opener = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': open\n\n');
    });
    const statuses: string[] = [];
    const stream = new SessionStream({
      open: opener,
      accessToken: async () => 'tok',
      refreshToken: async () => 'tok',
      onEvent: () => undefined,
      onStatus: (s) => statuses.push(s),
      heartbeatTimeoutMs: 100,
      backoff: { baseMs: 10, maxMs: 20 },
    });
    stream.start();
    for (let i = 0; i < 100 && statuses.filter((s) => s === 'online').length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    await stream.stop();
    expect(statuses.filter((s) => s === 'online').length).toBeGreaterThanOrEqual(2);
    expect(statuses).toContain('offline');
  });

  it('a 401 asks for one refresh, a second 401 gives up', async () => {
    const opener = await serve((_req, res) => {
      res.writeHead(401).end();
    });
    let refreshed = 0;
    let gaveUp = false;
    const stream = new SessionStream({
      open: opener,
      accessToken: async () => 'tok',
      refreshToken: async () => {
        refreshed++;
        return 'tok2';
      },
      onEvent: () => undefined,
      onStatus: () => undefined,
      onUnauthorized: () => {
        gaveUp = true;
      },
      backoff: { baseMs: 10, maxMs: 20 },
    });
    stream.start();
    for (let i = 0; i < 100 && !gaveUp; i++) await new Promise((r) => setTimeout(r, 10));
    await stream.stop();
    expect(refreshed).toBe(1);
    expect(gaveUp).toBe(true);
  });

  it('stop() ends the live connection: nothing stays open to the control plane', async () => {
    const opener = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': open\n\n');
    });
    const statuses: string[] = [];
    const stream = new SessionStream({
      open: opener,
      accessToken: async () => 'tok',
      refreshToken: async () => 'tok',
      onEvent: () => undefined,
      onStatus: (s) => statuses.push(s),
    });
    stream.start();
    for (let i = 0; i < 100 && !statuses.includes('online'); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(open).toBe(1);
    await stream.stop();
    for (let i = 0; i < 100 && open > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(open).toBe(0);
  });
});
