// One application address (host pattern + ports + protocol) in the form the index and the
// overlap check work with, and how specific a match is. When several applications contain a
// destination, the most specific one decides (see docs/adr, "policy semantics").
import { parseHostPattern, type HostPattern } from './host.ts';
import {
  parsePortSpec,
  PROTOCOL_COVERS,
  PROTOCOL_SPECIFICITY,
  type PortRanges,
  type Protocol,
} from './ports.ts';

export interface AddressInput {
  host: string;
  ports?: string;
  protocol?: Protocol;
}

export interface ParsedAddress {
  host: HostPattern;
  ports: PortRanges;
  protocol: Protocol;
  /** Destination protocol bits this address covers. */
  covers: number;
}

export function parseAddress(a: AddressInput): ParsedAddress | { error: string } {
  const host = parseHostPattern(a.host);
  if ('error' in host) return host;
  const ports = parsePortSpec(a.ports ?? '*');
  if ('error' in ports) return ports;
  const protocol = a.protocol ?? 'any';
  return { host, ports, protocol, covers: PROTOCOL_COVERS[protocol] };
}

/** An exact host name is more specific than any wildcard or CIDR prefix length (<= 128). */
export const EXACT_HOST_SPECIFICITY = 1000;

export function hostSpecificity(h: HostPattern): number {
  if (h.kind === 'exact') return EXACT_HOST_SPECIFICITY;
  if (h.kind === 'wildcard') return h.labels;
  return h.block.prefix;
}

/**
 * One number ordering matches by (host specificity, narrower port range, protocol specificity):
 * host in the high bits, then 65536 - port range width, then the protocol (0..2).
 */
export function matchScore(hostSpec: number, portWidth: number, protocol: Protocol): number {
  return hostSpec * 2 ** 20 + (65536 - portWidth) * 4 + PROTOCOL_SPECIFICITY[protocol];
}
