// The development-only browser bridge (issue 5, section 5): serves the built renderer
// (out/renderer) with the shim injected before its bundle, and implements the preload's API
// over a loopback WebSocket. The socket needs the random token the page got in its URL fragment
// and our own Origin; anything else is refused. Never part of the packaged app: it lives
// outside out/main's entry graph (scripts/check-bridge-excluded.ts asserts it).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientCore } from '../core/client-core.ts';
import { dispatch } from '../ipc/dispatch.ts';
import { SHIM_PATH, SHIM_SOURCE, SOCKET_PATH } from './shim.ts';

export interface BridgeOptions {
  core: ClientCore;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface BridgeServer {
  /** Open this in a browser: the token rides in the fragment (never sent to a server). */
  url: string;
  origin: string;
  token: string;
  /** Tells every connected page to open a URL in a new tab (system browser / QR view). */
  openUrl(url: string): void;
  /** URLs the bridge asked pages to open, newest last (tests read them). */
  opened: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startBridge(options: BridgeOptions): Promise<BridgeServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = resolve(options.rendererDir);
  const sockets = new Set<WebSocket>();
  const opened: string[] = [];
  let origin = '';

  const page = async (res: ServerResponse) => {
    const html = await readFile(join(root, 'index.html'), 'utf8');
    // Classic script before the module bundle: window.gatehouse exists when the app starts.
    const injected = html.replace('<head>', `<head>\n    <script src=".${SHIM_PATH}"></script>`);
    res.writeHead(200, {
      'content-type': TYPES['.html']!,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(injected);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') return page(res);
    if (url.pathname === SHIM_PATH) {
      res.writeHead(200, { 'content-type': TYPES['.js']!, 'cache-control': 'no-store' });
      res.end(SHIM_SOURCE);
      return;
    }
    const file = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root + sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'x-content-type-options': 'nosniff',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  };

  const server = createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) =>
      protocols.has('gatehouse.bridge') ? 'gatehouse.bridge' : false,
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const presented = offered.find((p) => p.startsWith('token.'))?.slice('token.'.length) ?? '';
    if (url.pathname !== SOCKET_PATH || req.headers.origin !== origin || !same(presented, token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => void onMessage(ws, String(data)));
      ws.send(
        JSON.stringify({ type: 'event', event: 'state:changed', payload: options.core.snapshot() }),
      );
    });
  });

  const onMessage = async (ws: WebSocket, text: string) => {
    let msg: { type?: unknown; id?: unknown; channel?: unknown; request?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    if (msg.type !== 'invoke' || typeof msg.id !== 'number') return;
    try {
      const value = await dispatch(options.core, msg.channel, msg.request);
      ws.send(JSON.stringify({ type: 'response', id: msg.id, value }));
    } catch (error) {
      ws.send(
        JSON.stringify({ type: 'response', id: msg.id, error: String((error as Error).message) }),
      );
    }
  };

  const send = (event: string, payload: unknown) => {
    const text = JSON.stringify({ type: 'event', event, payload });
    for (const ws of sockets) ws.send(text);
  };
  const push = (payload: unknown) => send('state:changed', payload);
  const pushDenied = (decisions: unknown) => send('proxy:denied', { decisions });
  options.core.on('snapshot', push);
  options.core.on('denied', pushDenied);

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#bridge_token=${token}`,
    origin,
    token,
    opened,
    openUrl(url) {
      opened.push(url);
      const text = JSON.stringify({ type: 'open-url', url });
      for (const ws of sockets) ws.send(text);
    },
    async close() {
      options.core.off('snapshot', push);
      options.core.off('denied', pushDenied);
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
    },
  };
}
