import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenApiError } from '../../../sandbox/openapi/errors.ts';
import { indexList, pageOf, parsePageSize } from '../../../sandbox/openapi/pagination.ts';

const keyOf = (x: { key: string }) => x.key;
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}` }));

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof OpenApiError) return e.code;
    throw e;
  }
  return undefined;
}

function collect(
  list: ReturnType<typeof indexList<{ key: string }>>,
  size: number,
  listing: string,
) {
  const out: string[] = [];
  let token: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = pageOf(list, keyOf, size, token, listing);
    out.push(...page.items.map(keyOf));
    if (!page.hasMore) {
      expect(page.pageToken).toBeUndefined();
      return out;
    }
    expect(page.pageToken).toBeTypeOf('string');
    token = page.pageToken;
  }
  throw new Error('paging did not end');
}

describe('pagination', () => {
  it('walks every item exactly once, in order, for any list and page size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 50 }), (n, size) => {
        const list = indexList(items(n), keyOf);
        expect(collect(list, size, 'l')).toEqual(items(n).map(keyOf));
      }),
      { numRuns: 200 },
    );
  });

  it('gives a page_token only when has_more', () => {
    const list = indexList(items(10), keyOf);
    const full = pageOf(list, keyOf, 10, undefined, 'l');
    expect(full.hasMore).toBe(false);
    expect(full).not.toHaveProperty('pageToken');
    const first = pageOf(list, keyOf, 4, undefined, 'l');
    expect(first.hasMore).toBe(true);
    expect(first.items.map(keyOf)).toEqual(['k0', 'k1', 'k2', 'k3']);
  });

  it('continues after the last returned item even when items are inserted before it', () => {
    const before = items(6);
    const first = pageOf(indexList(before, keyOf), keyOf, 3, undefined, 'l');
    const after = [{ key: 'new' }, ...before];
    const second = pageOf(indexList(after, keyOf), keyOf, 3, first.pageToken, 'l');
    expect(second.items.map(keyOf)).toEqual(['k3', 'k4', 'k5']);
  });

  it('refuses tokens of another listing or that were tampered with (40012)', () => {
    const list = indexList(items(10), keyOf);
    const token = pageOf(list, keyOf, 3, undefined, 'children:a').pageToken!;
    expect(codeOf(() => pageOf(list, keyOf, 3, token, 'children:b'))).toBe(40012);
    expect(codeOf(() => pageOf(list, keyOf, 3, 'not-a-token', 'children:a'))).toBe(40012);
    const forged = Buffer.from(JSON.stringify({ l: 'x', o: -1 })).toString('base64');
    expect(codeOf(() => pageOf(list, keyOf, 3, forged, 'children:a'))).toBe(40012);
    expect(codeOf(() => pageOf(list, keyOf, 3, token, 'children:a'))).toBeUndefined();
  });

  it('parses page_size with its default and cap', () => {
    expect(parsePageSize(undefined, 10, 50)).toBe(10);
    expect(parsePageSize('50', 10, 50)).toBe(50);
    expect(codeOf(() => parsePageSize('51', 10, 50))).toBe(40009);
    expect(codeOf(() => parsePageSize('0', 10, 50))).toBe(40011);
    expect(codeOf(() => parsePageSize('abc', 10, 50))).toBe(40011);
    expect(codeOf(() => parsePageSize('-3', 10, 50))).toBe(40011);
    expect(codeOf(() => parsePageSize('2.5', 10, 50))).toBe(40011);
  });
});
