// The client's local enforcement proxy: an HTTP forward proxy (absolute-form requests and CONNECT
// tunnels) on 127.0.0.1 that serves its own PAC file at /proxy.pac. Every destination is decided
// by the policy core's enforcer over the pushed destination map and entitlements; the client core
// calls setEntitlements on every change (and with null when signed out or revoked), which
// applies to the next request and closes open connections that are no longer allowed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeHttp } from '../node-http.ts';
import type { AddressInfo, Socket } from 'node:net';
import type {
  DestinationMap,
  Entitlements,
} from '../../../shared/domain/policy/entitlement-schemas.ts';
import { openTunnel } from './connect-tunnel.ts';
import { DecisionLog, DEFAULT_DECISION_LOG_SIZE, type ProxyDecision } from './decision-log.ts';
import { DestinationPolicy, systemResolver, type Resolver } from './destination-policy.ts';
import { forwardHttp, plainAnswer } from './http-forward.ts';
import { isLoopbackAddress, isOwnHostHeader } from './loopback.ts';
import { OpenConnections } from './open-connections.ts';
import { PAC_CONTENT_TYPE, renderPacFile } from './pac-file.ts';
import { ProxyError } from './proxy-errors.ts';
import {
  decisionInput,
  DEFAULT_PROXY_LIMITS,
  type ProxyContext,
  type ProxyLimits,
} from './proxy-context.ts';

export const PAC_PATH = '/proxy.pac';
export const PROXY_HOST = '127.0.0.1';
/** setTimeout takes at most 2^31-1 ms; a later expiry is re-armed on the next change. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LocalProxyOptions {
  /** 0 (default): an ephemeral port. */
  port?: number;
  now?: () => number;
  /** Name resolution (tests map their names to 127.0.0.1 here). */
  resolve?: Resolver;
  limits?: Partial<ProxyLimits>;
  decisionLogSize?: number;
  /** See pac-file.ts; default: resolve unlisted names when the map has IP blocks. */
  pacResolvesNames?: boolean;
}

export interface LocalProxy {
  /** Listens; resolves with the port. Throws ProxyError PROXY_LISTEN_FAILED. */
  start(): Promise<number>;
  readonly port: number;
  /** http://127.0.0.1:<port>/proxy.pac, for the system proxy settings. */
  readonly pacUrl: string;
  /**
   * The current documents; entitlements null = signed out (every private destination denied).
   * Returns how many open connections it closed.
   */
  setEntitlements(map: DestinationMap, entitlements: Entitlements | null): { closed: number };
  /** Names for applications the entitlements do not list (denied ones), for the denied page. */
  setApplicationNames(names: ReadonlyMap<string, string>): void;
  renderPac(): string;
  /** The last decisions, newest first ("why was this denied"). */
  recentDecisions(options?: { limit?: number; onlyDenied?: boolean }): ProxyDecision[];
  onDecision(listener: (d: ProxyDecision) => void): () => void;
  /** Open tunnels and HTTP exchanges. */
  openConnections(): number;
  close(): Promise<void>;
}

export function createLocalProxy(options: LocalProxyOptions = {}): LocalProxy {
  const limits: ProxyLimits = { ...DEFAULT_PROXY_LIMITS, ...options.limits };
  const now = options.now ?? Date.now;
  const log = new DecisionLog(options.decisionLogSize ?? DEFAULT_DECISION_LOG_SIZE);
  const open = new OpenConnections();
  const policy = new DestinationPolicy({
    now,
    resolve: options.resolve ?? systemResolver,
    resolveTimeoutMs: limits.connectTimeoutMs,
  });
  const agent = new nodeHttp.Agent({
    keepAlive: true,
    maxSockets: limits.maxUpstreamSocketsPerHost,
    maxFreeSockets: Math.min(32, limits.maxUpstreamSocketsPerHost),
    scheduling: 'lifo',
    timeout: limits.upstreamIdleMs,
  });
  let port = 0;
  let pac: { version: string; text: string } | undefined;
  let expiryTimer: NodeJS.Timeout | undefined;
  const ctx: ProxyContext = { policy, log, open, limits, agent, now, ownPort: () => port };

  const renderPac = (): string => {
    const map = policy.map;
    if (pac?.version !== map.version) {
      pac = {
        version: map.version,
        text: renderPacFile(map, {
          proxyHost: PROXY_HOST,
          proxyPort: port,
          ...(options.pacResolvesNames === undefined
            ? {}
            : { resolveNames: options.pacResolvesNames }),
        }),
      };
    }
    return pac.text;
  };

  const serveOwn = (req: IncomingMessage, res: ServerResponse, path: string): void => {
    if (path === PAC_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      const text = renderPac();
      res.writeHead(200, {
        'content-type': PAC_CONTENT_TYPE,
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': 'same-origin',
      });
      res.end(req.method === 'HEAD' ? undefined : text);
      return;
    }
    plainAnswer(res, 404, 'Gatehouse proxy: only /proxy.pac is served here.');
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const target = req.url ?? '';
    if (target.startsWith('/')) {
      // Origin-form is for the proxy itself; a foreign Host means a DNS-rebound page.
      if (!isOwnHostHeader(req.headers.host, port)) {
        plainAnswer(res, 421, 'Gatehouse proxy: wrong Host.');
        return;
      }
      serveOwn(req, res, new URL(target, 'http://localhost').pathname);
      return;
    }
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      plainAnswer(res, 400, 'Gatehouse proxy: not a valid request target.');
      return;
    }
    const self =
      (url.port === '' ? 80 : Number(url.port)) === port &&
      (url.hostname === 'localhost' || isLoopbackAddress(url.hostname.replace(/^\[|\]$/g, '')));
    if (self) {
      serveOwn(req, res, url.pathname);
      return;
    }
    forwardHttp(ctx, req, res, url).catch((error: unknown) =>
      plainAnswer(res, 500, `Gatehouse proxy error: ${(error as Error).message}`),
    );
  };

  const server = nodeHttp.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      // Uploads may stream for a long time; idle connections are cut by the timeouts instead.
      requestTimeout: 0,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
    },
    onRequest,
  );
  server.maxConnections = limits.maxClientConnections;
  server.on('connection', (socket: Socket) => {
    // Second wall behind the 127.0.0.1 bind: never a relay for another machine.
    if (!isLoopbackAddress(socket.remoteAddress)) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    openTunnel(ctx, req, client, head).catch(() => client.destroy());
  });
  server.on('upgrade', (_req: IncomingMessage, client: Socket) => {
    // Browsers send WebSockets through a proxy as CONNECT tunnels, never as absolute-form.
    client.on('error', () => client.destroy());
    client.end('HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  server.on('clientError', (_error, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const recheckOpen = (): number => {
    const at = now();
    const closed = open.closeWhere((c) => {
      const { enforcement, decidedByAddress } = policy.check(c.host, c.port, c.protocol, c.address);
      if (enforcement.kind !== 'deny') return false;
      log.record(
        {
          ...decisionInput(ctx, c.via, c.host, c.port, enforcement, decidedByAddress),
          closedOpenConnection: true,
        },
        at,
      );
      return true;
    });
    return closed.length;
  };

  /** The documents go stale at valid_until: open connections are re-checked then. */
  const armExpiry = (entitlements: Entitlements | null): void => {
    clearTimeout(expiryTimer);
    expiryTimer = undefined;
    const until = entitlements?.valid_until;
    if (until === null || until === undefined) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, until - now()));
    expiryTimer = setTimeout(() => {
      expiryTimer = undefined;
      recheckOpen();
      if (now() < until) armExpiry(entitlements);
    }, delay);
    expiryTimer.unref();
  };

  return {
    async start() {
      const wanted = options.port ?? 0;
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ port: wanted, host: PROXY_HOST, exclusive: true }, () => {
            server.off('error', reject);
            resolve();
          });
        });
      } catch (error) {
        throw new ProxyError('PROXY_LISTEN_FAILED', {
          params: { port: wanted, reason: (error as NodeJS.ErrnoException).code ?? 'error' },
          cause: error,
        });
      }
      port = (server.address() as AddressInfo).port;
      pac = undefined;
      return port;
    },
    get port() {
      return port;
    },
    get pacUrl() {
      return `http://${PROXY_HOST}:${port}${PAC_PATH}`;
    },
    setEntitlements(map, entitlements) {
      policy.set(map, entitlements);
      armExpiry(entitlements);
      return { closed: recheckOpen() };
    },
    setApplicationNames(names) {
      policy.setApplicationNames(names);
    },
    renderPac,
    recentDecisions: (o) => log.recent(o),
    onDecision: (listener) => log.subscribe(listener),
    openConnections: () => open.size,
    async close() {
      clearTimeout(expiryTimer);
      open.closeAll();
      agent.destroy();
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
