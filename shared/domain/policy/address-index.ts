// Maps a destination (host or IP, port, protocol) to the application addresses containing it:
// exact host names in a hash map, wildcards by suffix (a hashed suffix trie: one probe per
// label of the destination), IPv4 and IPv6 blocks as disjoint sorted segments, each listing
// the blocks that cover it (binary search). Ports and protocol are checked on the few hits.
import { hostSpecificity, matchScore, type ParsedAddress } from './address.ts';
import type { Destination } from './host.ts';
import { portRangeWidth, type PortRanges, type Protocol } from './ports.ts';

export interface IndexedAddress {
  /** Index of the application in the compiled set. */
  app: number;
  /** Position of the address in the application's address list. */
  address: number;
  parsed: ParsedAddress;
}

interface Entry {
  app: number;
  address: number;
  ports: PortRanges;
  covers: number;
  protocol: Protocol;
  hostSpec: number;
}

interface Segments<T> {
  starts: T[];
  entries: (Entry[] | null)[];
}

/** Splits possibly overlapping [start, end] blocks into disjoint segments (a sweep). */
function buildSegments<T extends number | bigint>(
  blocks: { start: T; end: T; entry: Entry }[],
  after: (x: T) => T,
): Segments<T> {
  const events: { at: T; open: boolean; entry: Entry }[] = [];
  for (const b of blocks) {
    events.push({ at: b.start, open: true, entry: b.entry });
    events.push({ at: after(b.end), open: false, entry: b.entry });
  }
  events.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  const starts: T[] = [];
  const entries: (Entry[] | null)[] = [];
  const active = new Set<Entry>();
  for (let i = 0; i < events.length;) {
    const at = events[i]!.at;
    for (; i < events.length && events[i]!.at === at; i++) {
      const e = events[i]!;
      if (e.open) active.add(e.entry);
      else active.delete(e.entry);
    }
    starts.push(at);
    entries.push(active.size === 0 ? null : [...active]);
  }
  return { starts, entries };
}

function segmentAt<T extends number | bigint>(seg: Segments<T>, ip: T): Entry[] | null {
  let lo = 0;
  let hi = seg.starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (seg.starts[mid]! <= ip) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found === -1 ? null : seg.entries[found]!;
}

export type MatchVisitor = (app: number, address: number, score: number) => void;

export class AddressIndex {
  private readonly exact = new Map<string, Entry[]>();
  private readonly wildcard = new Map<string, Entry[]>();
  private readonly v4: Segments<number>;
  private readonly v6: Segments<bigint>;

  constructor(addresses: readonly IndexedAddress[]) {
    const v4: { start: number; end: number; entry: Entry }[] = [];
    const v6: { start: bigint; end: bigint; entry: Entry }[] = [];
    const push = (map: Map<string, Entry[]>, key: string, e: Entry) => {
      const list = map.get(key);
      if (list) list.push(e);
      else map.set(key, [e]);
    };
    for (const { app, address, parsed } of addresses) {
      const h = parsed.host;
      const entry: Entry = {
        app,
        address,
        ports: parsed.ports,
        covers: parsed.covers,
        protocol: parsed.protocol,
        hostSpec: hostSpecificity(h),
      };
      if (h.kind === 'exact') push(this.exact, h.host, entry);
      else if (h.kind === 'wildcard') push(this.wildcard, h.suffix, entry);
      else if (h.block.family === 4) v4.push({ start: h.block.start, end: h.block.end, entry });
      else v6.push({ start: h.block.start, end: h.block.end, entry });
    }
    this.v4 = buildSegments(v4, (x) => x + 1);
    this.v6 = buildSegments(v6, (x) => x + 1n);
  }

  /** Calls `visit` for every address containing the destination, with its match score. */
  visit(dest: Destination, port: number, queryBits: number, visit: MatchVisitor): void {
    const check = (list: Entry[] | null | undefined) => {
      if (!list) return;
      for (const e of list) {
        if ((e.covers & queryBits) === 0) continue;
        const width = portRangeWidth(e.ports, port);
        if (width === 0) continue;
        visit(e.app, e.address, matchScore(e.hostSpec, width, e.protocol));
      }
    };
    if (dest.kind === 'name') {
      const host = dest.host;
      check(this.exact.get(host));
      if (this.wildcard.size > 0) {
        for (let i = host.indexOf('.'); i !== -1; i = host.indexOf('.', i + 1)) {
          check(this.wildcard.get(host.slice(i + 1)));
        }
      }
    } else if (dest.kind === 'v4') {
      check(segmentAt(this.v4, dest.ip));
    } else {
      check(segmentAt(this.v6, dest.ip));
    }
  }

  /** Every containing application with its best score, most specific first, then by index. */
  matches(dest: Destination, port: number, queryBits: number): { app: number; score: number }[] {
    const best = new Map<number, number>();
    this.visit(dest, port, queryBits, (app, _address, score) => {
      const prev = best.get(app);
      if (prev === undefined || score > prev) best.set(app, score);
    });
    return [...best]
      .map(([app, score]) => ({ app, score }))
      .sort((a, b) => b.score - a.score || a.app - b.app);
  }

  /** The applications sharing the highest score (the ones that decide), ascending by index. */
  mostSpecific(dest: Destination, port: number, queryBits: number): number[] {
    let top = -1;
    let apps: number[] = [];
    this.visit(dest, port, queryBits, (app, _address, score) => {
      if (score > top) {
        top = score;
        apps = [app];
      } else if (score === top && !apps.includes(app)) {
        apps.push(app);
      }
    });
    return apps.length > 1 ? apps.sort((a, b) => a - b) : apps;
  }
}
