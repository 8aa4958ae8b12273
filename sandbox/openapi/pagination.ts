// Contact-style paging (reference section 5.1): page_size with a default and a cap, and an
// opaque page_token present only when has_more. The token names the listing it belongs to and
// the last item returned, so a page stays O(page) on a cached list and survives inserts
// before the cursor; a token from another listing is refused (40012).
import { createHash } from 'node:crypto';
import { E } from './errors.ts';

export interface IndexedList<T> {
  items: readonly T[];
  /** Position of each item's key in items. */
  index: ReadonlyMap<string, number>;
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
  pageToken?: string;
}

export function indexList<T>(items: readonly T[], keyOf: (item: T) => string): IndexedList<T> {
  const index = new Map<string, number>();
  items.forEach((item, i) => index.set(keyOf(item), i));
  return { items, index };
}

export function parsePageSize(raw: unknown, def: number, max: number): number {
  if (raw === undefined || raw === '') return def;
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw E.pageSizeInvalid();
  const n = Number(raw);
  if (n < 1) throw E.pageSizeInvalid();
  if (n > max) throw E.pageSizeTooLarge();
  return n;
}

const sig = (listing: string) => createHash('sha256').update(listing).digest('base64').slice(0, 8);

interface Cursor {
  l: string;
  o: number;
  k?: string;
}

function decode(token: string, listing: string): Cursor {
  let cursor: unknown;
  try {
    cursor = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw E.pageTokenInvalid();
  }
  const c = cursor as Partial<Cursor> | null;
  if (
    !c ||
    typeof c !== 'object' ||
    c.l !== sig(listing) ||
    typeof c.o !== 'number' ||
    !Number.isInteger(c.o) ||
    c.o < 0 ||
    (c.k !== undefined && typeof c.k !== 'string')
  ) {
    throw E.pageTokenInvalid();
  }
  return c as Cursor;
}

function encode(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64');
}

/** One page of a listing. `listing` identifies the query (endpoint + parent + options). */
export function pageOf<T>(
  list: IndexedList<T>,
  keyOf: (item: T) => string,
  pageSize: number,
  pageToken: unknown,
  listing: string,
): Page<T> {
  let start = 0;
  if (pageToken !== undefined && pageToken !== '') {
    if (typeof pageToken !== 'string') throw E.pageTokenInvalid();
    const cursor = decode(pageToken, listing);
    const at = cursor.k === undefined ? undefined : list.index.get(cursor.k);
    start = at === undefined ? cursor.o : at + 1;
  }
  const items = list.items.slice(start, start + pageSize);
  const end = start + items.length;
  const hasMore = end < list.items.length;
  const page: Page<T> = { items, hasMore };
  if (hasMore) {
    const last = items[items.length - 1];
    page.pageToken = encode({
      l: sig(listing),
      o: end,
      ...(last === undefined ? {} : { k: keyOf(last) }),
    });
  }
  return page;
}
