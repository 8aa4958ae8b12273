// Port specs ("*", "443", "80,443,8000-8100") and protocols of application addresses.

export const PROTOCOLS = ['tcp', 'udp', 'http', 'https', 'any'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
/** What a destination is asked about; 'any' when the caller does not know. */
export type DestinationProtocol = Protocol;

const TCP = 1;
const UDP = 2;
const HTTP = 4;
const HTTPS = 8;

/** Which destination protocols an address protocol covers: HTTP and HTTPS run over TCP. */
export const PROTOCOL_COVERS: Readonly<Record<Protocol, number>> = {
  tcp: TCP | HTTP | HTTPS,
  udp: UDP,
  http: HTTP,
  https: HTTPS,
  any: TCP | UDP | HTTP | HTTPS,
};
/** The bit a destination's protocol is tested with; 'any' is covered by every address. */
export const PROTOCOL_QUERY_BITS: Readonly<Record<Protocol, number>> = {
  tcp: TCP,
  udp: UDP,
  http: HTTP,
  https: HTTPS,
  any: TCP | UDP | HTTP | HTTPS,
};
/** Specificity of an address protocol: a named application protocol beats a transport. */
export const PROTOCOL_SPECIFICITY: Readonly<Record<Protocol, number>> = {
  any: 0,
  tcp: 1,
  udp: 1,
  http: 2,
  https: 2,
};

/** Sorted, merged, inclusive [from, to] pairs flattened: [from0, to0, from1, to1, ...]. */
export type PortRanges = Int32Array;
export const MIN_PORT = 1;
export const MAX_PORT = 65535;
export const ANY_PORTS: PortRanges = Int32Array.of(MIN_PORT, MAX_PORT);

const PART = /^([1-9][0-9]{0,4})(?:-([1-9][0-9]{0,4}))?$/;

export function parsePortSpec(spec: string): PortRanges | { error: string } {
  const text = spec.trim();
  if (text === '*' || text === '') return ANY_PORTS;
  const parts = text.split(',');
  if (parts.length > 64) return { error: 'at most 64 ports or ranges' };
  const ranges: [number, number][] = [];
  for (const raw of parts) {
    const m = PART.exec(raw.trim());
    if (!m) return { error: `"${raw.trim()}" is not a port or a range like 8000-8100` };
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to > MAX_PORT || from > MAX_PORT) return { error: 'ports go from 1 to 65535' };
    if (from > to) return { error: `"${raw.trim()}" runs backwards` };
    ranges.push([from, to]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [from, to] of ranges) {
    const last = merged.length - 1;
    if (last > 0 && from <= merged[last]! + 1) merged[last] = Math.max(merged[last]!, to);
    else merged.push(from, to);
  }
  return Int32Array.from(merged);
}

/** Width of the range holding `port` (1 for a single port), or 0 when none holds it. */
export function portRangeWidth(ranges: PortRanges, port: number): number {
  for (let i = 0; i < ranges.length; i += 2) {
    if (port < ranges[i]!) return 0;
    if (port <= ranges[i + 1]!) return ranges[i + 1]! - ranges[i]! + 1;
  }
  return 0;
}

export function portRangesIntersect(a: PortRanges, b: PortRanges): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1]! < b[j]!) i += 2;
    else if (b[j + 1]! < a[i]!) j += 2;
    else return true;
  }
  return false;
}

export const isValidPort = (port: number): boolean =>
  Number.isInteger(port) && port >= MIN_PORT && port <= MAX_PORT;
