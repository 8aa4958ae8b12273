// One CONNECT request: decide "host:port" (the protocol inside a tunnel is unknown, so it is
// asked as 'any', ADR 0006), then answer 403 with the reason, or connect to the checked address
// and relay bytes both ways until either side closes, the tunnel idles out, or a change of
// entitlements closes it.
import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { deniedConnectResponse } from './denied-page.ts';
import { decide, type ProxyContext } from './proxy-context.ts';

function refuse(client: Duplex, status: string, text: string): void {
  const body = `${text}\n`;
  client.end(
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** "host:port" or "[v6]:port"; undefined when it is not that. */
export function parseConnectTarget(target: string): { host: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.%]+\]|[^:[\]/\s]+):([0-9]{1,5})$/.exec(target);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1]!, port };
}

export async function openTunnel(
  ctx: ProxyContext,
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
): Promise<void> {
  client.on('error', () => client.destroy());
  const target = parseConnectTarget(req.url ?? '');
  if (!target) {
    refuse(client, '400 Bad Request', 'CONNECT needs host:port.');
    return;
  }
  const { host, port } = target;
  const step = await decide(ctx, 'connect', host, port, 'any');
  if (client.destroyed) return;
  if (step.kind === 'unresolved') {
    refuse(client, '502 Bad Gateway', `Gatehouse could not resolve ${host}: ${step.error}`);
    return;
  }
  if (step.kind === 'loop') {
    refuse(client, '508 Loop Detected', 'The tunnel points back at the Gatehouse proxy.');
    return;
  }
  if (step.kind === 'deny') {
    const e = step.enforcement;
    client.end(
      deniedConnectResponse({
        host,
        port,
        reason: e.reason,
        appId: e.appId,
        policyName: e.policyName,
      }),
    );
    return;
  }
  if (ctx.open.tunnels >= ctx.limits.maxTunnels) {
    refuse(client, '503 Service Unavailable', 'Too many open tunnels through Gatehouse.');
    return;
  }

  const upstream: Socket = connect({ host: step.address, port });
  let established = false;
  const closeBoth = () => {
    upstream.destroy();
    client.destroy();
  };
  const forget = ctx.open.add({
    via: 'connect',
    host,
    port,
    protocol: 'any',
    address: step.address,
    close: closeBoth,
  });
  upstream.setTimeout(ctx.limits.connectTimeoutMs, () =>
    upstream.destroy(new Error('connect timed out')),
  );
  upstream.once('connect', () => {
    established = true;
    upstream.setTimeout(0);
    upstream.setNoDelay(true);
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
    // Idle means no bytes either way: the client socket sees both directions.
    (client as Socket).setTimeout?.(ctx.limits.tunnelIdleMs, closeBoth);
  });
  upstream.once('error', (error) => {
    if (established) closeBoth();
    else refuse(client, '502 Bad Gateway', `Gatehouse could not reach ${host}: ${error.message}`);
  });
  upstream.once('close', () => {
    forget();
    if (established) client.end();
  });
  client.once('close', () => {
    forget();
    upstream.destroy();
  });
}
