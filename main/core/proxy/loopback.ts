// Who may talk to the proxy, and which Host a request for the proxy's own pages may carry. The
// proxy listens on 127.0.0.1 only; the peer check is a second wall so it can never become an open
// relay, and the Host check keeps a DNS-rebound web page from reading the PAC file (which lists
// every private address of the company).
import { isIPv4, isIPv6 } from 'node:net';

/** 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(v4)) return v4.startsWith('127.');
  if (!isIPv6(address)) return false;
  // The URL parser writes an IPv6 address in its one canonical form.
  return new URL(`http://[${address.replace(/%.*$/, '')}]/`).hostname === '[::1]';
}

/** The Host header of a request for the proxy itself: a loopback name with the proxy's port. */
export function isOwnHostHeader(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}` || h === `[::1]:${port}`;
}
