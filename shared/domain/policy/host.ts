// Host patterns of application addresses ("git.corp.example", "*.corp.example", IPs, CIDRs) and
// the normalization of a destination before it is looked up. Destinations are read the way a
// browser's URL parser reads them (WHATWG): "0x0a000001", "10.1" or "012.0.0.1" are IPv4
// addresses to a browser and to getaddrinfo, so they must not slip past a CIDR as "host names".
import { mappedIpv4, parseIpBlock, parseIpv4, parseIpv6, type IpBlock } from './ip.ts';

export type HostPattern =
  | { kind: 'exact'; host: string }
  /** "*.corp.example": every name strictly below corp.example, at any depth. */
  | { kind: 'wildcard'; suffix: string; labels: number }
  | { kind: 'ip'; block: IpBlock };

export type Destination =
  { kind: 'name'; host: string } | { kind: 'v4'; ip: number } | { kind: 'v6'; ip: bigint };

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;
const PLAIN_NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
const CANONICAL_V4 = /^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/;
/** WHATWG "ends in a number": such a host is parsed as IPv4 (or refused), never as a name. */
const NUMERIC_LABEL = /^([0-9]+|0x[0-9a-f]*)$/;
/** Characters that would make the URL parser read something other than a host (or decode it). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const NOT_A_HOST = /[\s/?#@\\%\x00-\x1f\x7f]/;

function lastLabel(host: string): string {
  return host.slice(host.lastIndexOf('.') + 1);
}

/** Lower case, one trailing dot dropped, IDN turned into punycode (via the URL parser). */
function asciiName(raw: string): string | undefined {
  let host = raw.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (PLAIN_NAME.test(host)) return host;
  if (NOT_A_HOST.test(host)) return undefined;
  try {
    const parsed = new URL(`http://${host}/`).hostname;
    return PLAIN_NAME.test(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isValidName(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  for (const label of host.split('.')) if (!LABEL.test(label)) return false;
  return true;
}

/** Parses one address host; `{ error }` says why an admin's entry is refused. */
export function parseHostPattern(raw: string): HostPattern | { error: string } {
  const text = raw.trim();
  if (text === '') return { error: 'the host is empty' };
  if (text.startsWith('[') && text.endsWith(']')) return parseHostPattern(text.slice(1, -1));
  const ip = parseIpBlock(text);
  if (ip && 'error' in ip) return ip;
  if (ip) return { kind: 'ip', block: ip };
  if (text.includes('/')) return { error: 'not a valid IP address or CIDR block' };
  if (text.startsWith('*.')) {
    const suffix = asciiName(text.slice(2));
    if (suffix === undefined || suffix.includes('*') || !isValidName(suffix)) {
      return { error: 'not a valid wildcard host name ("*." and a host name)' };
    }
    if (NUMERIC_LABEL.test(lastLabel(suffix))) {
      return { error: 'a host name may not end in a number (it would be read as an IP address)' };
    }
    return { kind: 'wildcard', suffix, labels: suffix.split('.').length };
  }
  if (text.includes('*')) return { error: 'a wildcard is only allowed as the first label ("*.")' };
  const host = asciiName(text);
  if (host === undefined || !isValidName(host)) return { error: 'not a valid host name' };
  if (NUMERIC_LABEL.test(lastLabel(host))) {
    return { error: 'a host name may not end in a number (it would be read as an IP address)' };
  }
  return { kind: 'exact', host };
}

function ipDestination(text: string): Destination | undefined {
  const zone = text.indexOf('%');
  const v6 = parseIpv6(zone === -1 ? text : text.slice(0, zone));
  if (v6 === undefined) return undefined;
  const v4 = mappedIpv4(v6);
  return v4 === undefined ? { kind: 'v6', ip: v6 } : { kind: 'v4', ip: v4 };
}

/**
 * A destination host as a browser would resolve it, or undefined when it is not a valid host.
 * Accepts "[v6]", a zone id on IPv6 (dropped), a trailing dot, upper case and IDN.
 */
export function normalizeDestinationHost(raw: string): Destination | undefined {
  if (raw.length === 0 || raw.length > 300) return undefined;
  if (raw.charCodeAt(0) === 91 /* [ */) {
    return raw.endsWith(']') ? ipDestination(raw.slice(1, -1)) : undefined;
  }
  if (raw.includes(':')) return ipDestination(raw);
  let host = raw.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (CANONICAL_V4.test(host)) {
    const v4 = parseIpv4(host);
    return v4 === undefined ? undefined : { kind: 'v4', ip: v4 };
  }
  if (PLAIN_NAME.test(host) && !NUMERIC_LABEL.test(lastLabel(host))) {
    return host.length <= 253 ? { kind: 'name', host } : undefined;
  }
  // Anything else (octal, hex, short IPv4 forms, IDN) goes through the same parser browsers
  // use, so it ends up as the address they would connect to.
  if (NOT_A_HOST.test(host)) return undefined;
  let parsed: string;
  try {
    parsed = new URL(`http://${host}/`).hostname;
  } catch {
    return undefined;
  }
  if (parsed === host) return undefined;
  return normalizeDestinationHost(parsed);
}
