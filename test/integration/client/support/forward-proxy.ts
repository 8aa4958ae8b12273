// A minimal forward proxy on 127.0.0.1 that tunnels CONNECT requests, records them, and can be
// told to refuse (407) like a corporate proxy that wants credentials. (The client's proxy agents
// tunnel plain-http targets with CONNECT too, so that is all it has to speak.)
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ForwardProxy {
  url: string;
  connects: string[];
  /** Connections open from clients and to targets right now. */
  readonly openSockets: number;
  refuseWith: number | undefined;
  close(): Promise<void>;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const proxy: ForwardProxy = {
    url: '',
    connects: [],
    get openSockets() {
      return sockets.size;
    },
    refuseWith: undefined,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('connect', (req, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    proxy.connects.push(req.url ?? '');
    if (proxy.refuseWith) {
      client.end(`HTTP/1.1 ${proxy.refuseWith} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
