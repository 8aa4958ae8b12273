// The client's local proxy on loopback: what it adds to a request's latency and how many
// requests per second it carries. Method: the proxy runs on this thread, alone; a worker thread
// runs both the upstream HTTP server (a 2 KB answer) and the load generator, so the proxy does
// not share its core with them (the machine has 2). The proxy's decision is a real one: the
// upstream is an application (127.0.0.1:<port>) the user is entitled to through a policy.
// 1. latency: one keep-alive connection, requests one after another, direct and via the proxy
//    in alternating rounds; added = p50 via proxy - p50 direct.
// 2. throughput: 32 keep-alive connections through the proxy for a bounded time and count, with
//    the proxy thread's CPU time per request (the load generator and upstream share the other
//    core, so they may be the limit; one core / CPU per request is the proxy's own ceiling).
// 3. tunnel: bytes through one CONNECT tunnel to an echo service (MB/s), for the HTTPS case.
// Args: [latency requests per mode, default 4000] [throughput max requests, default 60000]
import { Worker } from 'node:worker_threads';
import { createLocalProxy } from '../main/core/proxy/local-proxy.ts';
import { compilePolicies } from '../shared/domain/policy/index.ts';
import type { Bench, Figure } from './lib/figure.ts';
import { percentile } from './lib/stats.ts';

// Plain JavaScript: an eval'd worker cannot import the TypeScript modules (it does not need to).
const WORKER = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const net = require('node:net');
const BODY = Buffer.alloc(2048, 'x');
const server = http.createServer({ keepAliveTimeout: 60000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': BODY.length });
    res.end(BODY);
  });
});
const echo = net.createServer((s) => { s.on('error', () => s.destroy()); s.pipe(s); });
function once(agent, opts) {
  return new Promise((resolve, reject) => {
    const req = http.request({ ...opts, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error('status ' + res.statusCode))));
    });
    req.on('error', reject);
    req.end();
  });
}
function target(t, port) {
  return t.proxy
    ? { host: '127.0.0.1', port: t.proxy, path: 'http://127.0.0.1:' + port + '/x', headers: { host: '127.0.0.1:' + port } }
    : { host: '127.0.0.1', port, path: '/x' };
}
async function latency(msg, port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const opts = target(msg, port);
  const out = [];
  for (let i = 0; i < msg.n; i++) {
    const t0 = performance.now();
    await once(agent, opts);
    out.push(performance.now() - t0);
  }
  agent.destroy();
  return out;
}
async function throughput(msg, port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: msg.concurrency });
  const opts = target(msg, port);
  let next = 0, done = 0, errors = 0;
  const start = performance.now();
  const deadline = start + msg.maxMs;
  const worker = async () => {
    while (next < msg.n && performance.now() < deadline) {
      next++;
      try { await once(agent, opts); done++; } catch { errors++; }
    }
  };
  await Promise.all(Array.from({ length: msg.concurrency }, worker));
  const wallMs = performance.now() - start;
  agent.destroy();
  return { done, errors, wallMs };
}
async function tunnel(msg, echoPort) {
  const socket = net.connect(msg.proxy, '127.0.0.1');
  await new Promise((resolve, reject) => {
    let head = '';
    const onData = (c) => {
      head += c.toString('latin1');
      if (head.includes('\\r\\n\\r\\n')) { socket.off('data', onData); head.startsWith('HTTP/1.1 200') ? resolve() : reject(new Error(head)); }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write('CONNECT 127.0.0.1:' + echoPort + ' HTTP/1.1\\r\\nHost: 127.0.0.1:' + echoPort + '\\r\\n\\r\\n');
  });
  const chunk = Buffer.alloc(64 * 1024, 1);
  const total = msg.bytes;
  let received = 0;
  const start = performance.now();
  await new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error('tunnel timed out')), msg.maxMs);
    socket.on('data', (c) => { received += c.length; if (received >= total) { clearTimeout(deadline); resolve(); } });
    let sent = 0;
    const pump = () => {
      while (sent < total) { sent += chunk.length; if (!socket.write(chunk)) { socket.once('drain', pump); return; } }
    };
    pump();
  });
  const wallMs = performance.now() - start;
  socket.destroy();
  return { bytes: received, wallMs };
}
server.listen(0, '127.0.0.1', () => echo.listen(0, '127.0.0.1', () => {
  parentPort.postMessage({ ready: true, port: server.address().port, echoPort: echo.address().port });
}));
parentPort.on('message', async (msg) => {
  try {
    const port = server.address().port;
    const result = msg.kind === 'latency' ? await latency(msg, port)
      : msg.kind === 'throughput' ? await throughput(msg, port)
      : msg.kind === 'tunnel' ? await tunnel(msg, echo.address().port)
      : (server.close(), echo.close(), null);
    parentPort.postMessage({ id: msg.id, result });
  } catch (error) {
    parentPort.postMessage({ id: msg.id, error: String(error) });
  }
});
`;

interface WorkerLink {
  port: number;
  echoPort: number;
  ask<T>(msg: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

async function startWorker(): Promise<WorkerLink> {
  const worker = new Worker(WORKER, { eval: true });
  let seq = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const ready = await new Promise<{ port: number; echoPort: number }>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', resolve);
  });
  worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.result);
  });
  return {
    ...ready,
    ask: <T>(msg: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        const id = ++seq;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.postMessage({ ...msg, id });
      }),
    async stop() {
      await worker.terminate();
    },
  };
}

const bench: Bench = {
  name: 'proxy-throughput',
  description: 'Client local proxy: added latency at p50 (keep-alive) and requests/s on loopback',
  async run(args) {
    const latencyN = Number(args[0] ?? 4000);
    const throughputN = Number(args[1] ?? 60_000);
    const link = await startWorker();
    const world = compilePolicies({
      departments: [{ id: 'd', parent_id: null }],
      applications: [
        {
          id: 'bench-app',
          name: 'Bench app',
          addresses: [{ host: '127.0.0.1', ports: `${link.port},${link.echoPort}` }],
        },
      ],
      policies: [
        {
          id: 'p',
          name: 'everyone in d',
          priority: 1,
          action: 'allow',
          subjects: { departments: [{ id: 'd' }] },
          resources: { applications: ['bench-app'] },
        },
      ],
    });
    const proxy = createLocalProxy();
    const proxyPort = await proxy.start();
    proxy.setEntitlements(
      world.destinationMap(),
      world.entitlementsFor({ id: 'u', departmentIds: ['d'] }, { time: Date.now() }),
    );
    try {
      // Warm-up (JIT, pools) on both paths.
      await link.ask({ kind: 'latency', n: 1000 });
      await link.ask({ kind: 'latency', n: 1000, proxy: proxyPort });

      const direct: number[] = [];
      const via: number[] = [];
      const rounds = 8;
      for (let r = 0; r < rounds; r++) {
        const n = Math.ceil(latencyN / rounds);
        direct.push(...(await link.ask<number[]>({ kind: 'latency', n })));
        via.push(...(await link.ask<number[]>({ kind: 'latency', n, proxy: proxyPort })));
      }
      direct.sort((a, b) => a - b);
      via.sort((a, b) => a - b);
      const decision = proxy.recentDecisions({ limit: 1 })[0];
      if (decision?.outcome !== 'allow')
        throw new Error('the bench request was not an allowed one');

      const load = { kind: 'throughput', n: throughputN, concurrency: 32, maxMs: 10_000 };
      await link.ask({ ...load, n: 5000, proxy: proxyPort });
      const directTp = await link.ask<{ done: number; errors: number; wallMs: number }>(load);
      const cpu0 = process.threadCpuUsage();
      const viaTp = await link.ask<{ done: number; errors: number; wallMs: number }>({
        ...load,
        proxy: proxyPort,
      });
      // The proxy thread's own CPU time per request: the load generator shares a core with the
      // upstream (and a busy machine steals time), so the proxy may not be the limit; one core
      // divided by its CPU time per request is its own ceiling, and little disturbed by load.
      const cpu = process.threadCpuUsage(cpu0);
      const cpuUsPerRequest = (cpu.user + cpu.system) / viaTp.done;
      if (viaTp.errors > 0) throw new Error(`${viaTp.errors} requests through the proxy failed`);
      const tunnel = await link.ask<{ bytes: number; wallMs: number }>({
        kind: 'tunnel',
        proxy: proxyPort,
        bytes: 256 * 2 ** 20,
        maxMs: 20_000,
      });

      const figures: Figure[] = [
        {
          metric: 'latency_direct_p50',
          value: percentile(direct, 50) * 1000,
          unit: 'us',
          n: direct.length,
        },
        {
          metric: 'latency_proxy_p50',
          value: percentile(via, 50) * 1000,
          unit: 'us',
          n: via.length,
        },
        {
          metric: 'added_latency_p50',
          value: (percentile(via, 50) - percentile(direct, 50)) * 1000,
          unit: 'us',
          n: via.length,
        },
        {
          metric: 'latency_direct_p99',
          value: percentile(direct, 99) * 1000,
          unit: 'us',
          n: direct.length,
        },
        {
          metric: 'latency_proxy_p99',
          value: percentile(via, 99) * 1000,
          unit: 'us',
          n: via.length,
        },
        {
          metric: 'direct_requests_per_s',
          value: directTp.done / (directTp.wallMs / 1000),
          unit: 'req/s',
          n: directTp.done,
        },
        {
          metric: 'proxy_requests_per_s',
          value: viaTp.done / (viaTp.wallMs / 1000),
          unit: 'req/s',
          n: viaTp.done,
        },
        { metric: 'proxy_cpu_per_request', value: cpuUsPerRequest, unit: 'us', n: viaTp.done },
        {
          metric: 'proxy_requests_per_s_one_core',
          value: 1e6 / cpuUsPerRequest,
          unit: 'req/s',
          n: viaTp.done,
        },
        {
          metric: 'tunnel_throughput',
          value: tunnel.bytes / 2 ** 20 / (tunnel.wallMs / 1000),
          unit: 'MiB/s',
          n: tunnel.bytes,
        },
      ];
      return figures;
    } finally {
      await link.ask({ kind: 'stop' }).catch(() => undefined);
      await link.stop();
      await proxy.close();
    }
  },
};

export default bench;
