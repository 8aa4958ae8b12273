// IPv4 and IPv6 addresses and CIDR blocks as plain numbers: IPv4 as an unsigned 32-bit number,
// IPv6 as a bigint. Strict on purpose: an admin's "010.0.0.1" or "10.0.0.5/8" is more likely a
// typo than a wish, so address patterns refuse them (destinations are normalized elsewhere).

export interface Ipv4Block {
  family: 4;
  start: number;
  end: number;
  prefix: number;
}
export interface Ipv6Block {
  family: 6;
  start: bigint;
  end: bigint;
  prefix: number;
}
export type IpBlock = Ipv4Block | Ipv6Block;

const V4_PART = /^(0|[1-9][0-9]{0,2})$/;
const V6_GROUP = /^[0-9a-f]{1,4}$/;

/** Dotted decimal, four parts, no leading zeros; undefined otherwise. */
export function parseIpv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!V4_PART.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** RFC 4291 text forms, including "::" and a trailing dotted IPv4; no zone id. */
export function parseIpv6(input: string): bigint | undefined {
  const s = input.toLowerCase();
  if (s.length < 2 || s.length > 45) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (V6_GROUP.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return undefined;
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(g);
  return n;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), if it is one. */
export function mappedIpv4(v6: bigint): number | undefined {
  return v6 >> 32n === 0xffffn ? Number(v6 & 0xffffffffn) : undefined;
}

/** "10.0.0.0/8", "10.0.0.5" (a /32), "fd00::/8", "fd00::1" (a /128). Host bits must be zero. */
export function parseIpBlock(s: string): IpBlock | { error: string } | undefined {
  const slash = s.indexOf('/');
  const addr = slash === -1 ? s : s.slice(0, slash);
  const prefixText = slash === -1 ? undefined : s.slice(slash + 1);
  if (prefixText !== undefined && !/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) {
    return { error: 'the prefix length must be a number' };
  }
  const v4 = parseIpv4(addr);
  if (v4 !== undefined) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (prefix > 32) return { error: 'an IPv4 prefix length is at most 32' };
    const size = 2 ** (32 - prefix);
    if (v4 % size !== 0) return { error: 'the address has bits set after the prefix length' };
    return { family: 4, start: v4, end: v4 + size - 1, prefix };
  }
  if (!addr.includes(':')) return undefined;
  const v6 = parseIpv6(addr);
  if (v6 === undefined) return { error: 'not a valid IPv6 address' };
  const prefix = prefixText === undefined ? 128 : Number(prefixText);
  if (prefix > 128) return { error: 'an IPv6 prefix length is at most 128' };
  const hostMask = (1n << BigInt(128 - prefix)) - 1n;
  if ((v6 & hostMask) !== 0n) return { error: 'the address has bits set after the prefix length' };
  // An IPv4-mapped block is the IPv4 block it names: destinations are normalized the same way.
  if (prefix >= 96 && v6 >> 32n === 0xffffn) {
    const start = Number(v6 & 0xffffffffn);
    return { family: 4, start, end: start + 2 ** (128 - prefix) - 1, prefix: prefix - 96 };
  }
  return { family: 6, start: v6, end: v6 | hostMask, prefix };
}
