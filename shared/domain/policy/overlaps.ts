// Addresses of different applications that overlap, for the admin API to flag. Two kinds:
// - same_host: the same host pattern (same name, wildcard or block) with intersecting ports and
//   protocols. Destinations there may be decided by both applications at once, and such a tie
//   fails closed (both must allow), which is rarely what the admin meant.
// - nested: one address lies inside the other (a name under a wildcard, a block inside a wider
//   block). Legitimate for carve-outs: inside, the more specific (inner) application decides.
// Found by hashing names and suffixes and by one sweep over sorted IP blocks (which nest or are
// disjoint), not by comparing every pair.
import { parseAddress, type ParsedAddress } from './address.ts';
import type { IpBlock } from './ip.ts';
import { portRangesIntersect, type Protocol } from './ports.ts';

export interface OverlapSide {
  app_id: string;
  /** Position in the application's address list. */
  address: number;
  host: string;
  ports: string;
  protocol: Protocol;
}

export interface AddressOverlap {
  kind: 'same_host' | 'nested';
  /** The wider address (for same_host, the one of the application that sorts first). */
  outer: OverlapSide;
  inner: OverlapSide;
}

export interface OverlapReport {
  overlaps: AddressOverlap[];
  /** More overlaps exist than `limit` allowed to list. */
  truncated: boolean;
}

interface Item {
  side: OverlapSide;
  parsed: ParsedAddress;
}

export function findAddressOverlaps(
  applications: readonly {
    id: string;
    addresses?: readonly { host: string; ports?: string; protocol?: Protocol }[];
  }[],
  limit = 1000,
): OverlapReport {
  const exact = new Map<string, Item[]>();
  const wildcard = new Map<string, Item[]>();
  const v4: { block: IpBlock; item: Item }[] = [];
  const v6: { block: IpBlock; item: Item }[] = [];
  const group = (map: Map<string, Item[]>, key: string, item: Item) => {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  };
  const apps = [...applications].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const app of apps) {
    (app.addresses ?? []).forEach((a, address) => {
      const parsed = parseAddress(a);
      if ('error' in parsed) return;
      const side: OverlapSide = {
        app_id: app.id,
        address,
        host: a.host,
        ports: a.ports ?? '*',
        protocol: parsed.protocol,
      };
      const item = { side, parsed };
      const h = parsed.host;
      if (h.kind === 'exact') group(exact, h.host, item);
      else if (h.kind === 'wildcard') group(wildcard, h.suffix, item);
      else (h.block.family === 4 ? v4 : v6).push({ block: h.block, item });
    });
  }

  const overlaps: AddressOverlap[] = [];
  let truncated = false;
  const add = (kind: AddressOverlap['kind'], outer: Item, inner: Item) => {
    if (outer.side.app_id === inner.side.app_id) return;
    if ((outer.parsed.covers & inner.parsed.covers) === 0) return;
    if (!portRangesIntersect(outer.parsed.ports, inner.parsed.ports)) return;
    if (overlaps.length >= limit) truncated = true;
    else overlaps.push({ kind, outer: outer.side, inner: inner.side });
  };
  const pairsWithin = (list: Item[]) => {
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) add('same_host', list[i]!, list[j]!);
  };
  const suffixesOf = (name: string, visit: (suffix: string) => void) => {
    for (let i = name.indexOf('.'); i !== -1; i = name.indexOf('.', i + 1))
      visit(name.slice(i + 1));
  };

  for (const list of exact.values()) pairsWithin(list);
  for (const list of wildcard.values()) pairsWithin(list);
  for (const [host, inners] of exact) {
    suffixesOf(host, (s) => {
      for (const outer of wildcard.get(s) ?? [])
        for (const inner of inners) add('nested', outer, inner);
    });
  }
  for (const [suffix, inners] of wildcard) {
    suffixesOf(suffix, (s) => {
      for (const outer of wildcard.get(s) ?? [])
        for (const inner of inners) add('nested', outer, inner);
    });
  }
  for (const blocks of [v4, v6]) {
    // CIDR blocks nest or are disjoint: sorted by start (widest first), every block still open on
    // the stack contains the current one.
    blocks.sort((x, y) =>
      x.block.start < y.block.start
        ? -1
        : x.block.start > y.block.start
          ? 1
          : x.block.end > y.block.end
            ? -1
            : x.block.end < y.block.end
              ? 1
              : 0,
    );
    const stack: { block: IpBlock; item: Item }[] = [];
    for (const cur of blocks) {
      while (stack.length > 0 && stack[stack.length - 1]!.block.end < cur.block.start) stack.pop();
      for (const outer of stack) {
        const same = outer.block.start === cur.block.start && outer.block.end === cur.block.end;
        add(same ? 'same_host' : 'nested', outer.item, cur.item);
      }
      stack.push(cur);
    }
  }
  return { overlaps, truncated };
}
