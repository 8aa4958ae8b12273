// Local stand-ins for private applications (HTTP apps and a TCP echo service on 127.0.0.1) and
// small clients that talk to the proxy the way a browser does: absolute-form requests and
// CONNECT tunnels, over real sockets.
import type { Agent } from 'node:http';
import { createServer as createHttpServer, request } from 'node:http';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface HttpApp {
  name: string;
  port: number;
  /** Requests and TCP connections the app has seen. */
  requests: { method: string; url: string; headers: Record<string, unknown>; body: number }[];
  connections: number;
  close(): Promise<void>;
}

/**
 * GET /stream: three chunks 20 ms apart. GET /hold: one chunk, then holds the response open
 * until the connection dies. Anything else: JSON describing the request.
 */
export async function startHttpApp(name: string, host = '127.0.0.1'): Promise<HttpApp> {
  const app: HttpApp = { name, port: 0, requests: [], connections: 0, close: async () => {} };
  const server = createHttpServer((req, res) => {
    let body = 0;
    req.on('data', (c: Buffer) => (body += c.length));
    req.on('end', () => {
      app.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: { ...req.headers },
        body,
      });
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/plain', 'x-app': name });
        let n = 0;
        const tick = setInterval(() => {
          res.write(`chunk${n}\n`);
          if (++n === 3) {
            clearInterval(tick);
            res.end();
          }
        }, 20);
        return;
      }
      if (req.url === '/hold') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('started\n');
        return;
      }
      const json = JSON.stringify({ app: name, method: req.method, url: req.url, body });
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-app': name,
        'set-cookie': ['a=1', 'b=2'],
        connection: 'keep-alive, x-hop',
        'x-hop': 'must not pass',
      });
      res.end(json);
    });
  });
  server.on('connection', () => app.connections++);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  app.port = (server.address() as AddressInfo).port;
  app.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return app;
}

export interface EchoService {
  port: number;
  connections: number;
  close(): Promise<void>;
}

export async function startEchoService(): Promise<EchoService> {
  const sockets = new Set<Socket>();
  const echo: EchoService = { port: 0, connections: 0, close: async () => {} };
  const server = createServer((socket) => {
    echo.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  echo.port = (server.address() as AddressInfo).port;
  echo.close = () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return echo;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  body: string;
}

/** An absolute-form request through the proxy (what a browser sends to an HTTP proxy). */
export function viaProxy(
  proxyPort: number,
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer | Buffer[];
    agent?: Agent | false;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: proxyPort,
        method: options.method ?? 'GET',
        path: url,
        headers: { host: new URL(url).host, ...options.headers },
        agent: options.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const parts = options.body === undefined ? [] : [options.body].flat();
    for (const p of parts) req.write(p);
    req.end();
  });
}

export interface TunnelAnswer {
  status: number;
  head: string;
  socket: Socket;
  /** Bytes after the response head (the refusal body, for a refused tunnel). */
  rest: Buffer;
}

/** Sends CONNECT and reads the response head; the socket stays open for the tunnel. */
export function connectVia(
  proxyPort: number,
  target: string,
  extraHeaders = '',
): Promise<TunnelAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(proxyPort, '127.0.0.1');
    let buf = Buffer.alloc(0);
    const onData = (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      const end = buf.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      socket.pause();
      const head = buf.subarray(0, end).toString('latin1');
      resolve({
        status: Number(head.split(' ')[1]),
        head,
        socket,
        rest: buf.subarray(end + 4),
      });
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${extraHeaders}\r\n`);
  });
}

/** Writes `payload` into an open tunnel and reads back as many bytes (the echo service). */
export function roundTrip(socket: Socket, payload: Buffer, timeoutMs = 5000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    const timer = setTimeout(() => reject(new Error('echo timed out')), timeoutMs);
    const onData = (c: Buffer) => {
      chunks.push(c);
      got += c.length;
      if (got >= payload.length) {
        clearTimeout(timer);
        socket.off('data', onData);
        resolve(Buffer.concat(chunks));
      }
    };
    socket.on('data', onData);
    socket.resume();
    socket.write(payload);
  });
}

export function closed(socket: Socket, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.resume();
  });
}
