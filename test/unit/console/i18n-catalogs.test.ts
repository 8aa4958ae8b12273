// Every string of the console exists in en and zh-CN: the shell catalog and each page's
// messages.ts have the same keys and placeholders in both languages, and every literal key the
// source passes to t() exists (so a typo never shows a raw key to an admin).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from '../../../control-plane/console/i18n/en.ts';
import type { PageMessages } from '../../../control-plane/console/i18n/messages.ts';
import { zhCN } from '../../../control-plane/console/i18n/zh-CN.ts';

const CONSOLE = join(import.meta.dirname, '../../../control-plane/console');

function flatten(tree: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object')
      for (const [k, v] of flatten(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const pageModules: Record<string, unknown>[] = await Promise.all(
  sourceFiles(CONSOLE)
    .filter((file) => file.endsWith('/messages.ts') && !file.includes('/i18n/'))
    .map((file) => import(pathToFileURL(file).href) as Promise<Record<string, unknown>>),
);
const pageCatalogs = pageModules.flatMap((module) =>
  Object.values(module).filter(
    (v): v is { key: string; messages: PageMessages } =>
      typeof v === 'object' && v !== null && 'key' in v && 'messages' in v,
  ),
);

const catalogs = [
  { name: 'shell', en: flatten(en), zh: flatten(zhCN) },
  ...pageCatalogs.map((page) => ({
    name: page.key,
    en: flatten({ [page.key]: page.messages.en }),
    zh: flatten({ [page.key]: page.messages['zh-CN'] }),
  })),
];

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('console i18n catalogs', () => {
  it('include the shell and at least one page, each page under its own key', () => {
    expect(pageCatalogs.length).toBeGreaterThan(0);
    const keys = pageCatalogs.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(Object.keys(en)).not.toContain(key);
  });

  it.each(catalogs)('$name: same keys, non-empty strings, same placeholders', (catalog) => {
    expect([...catalog.zh.keys()].sort()).toEqual([...catalog.en.keys()].sort());
    for (const [key, value] of [...catalog.en, ...catalog.zh]) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim().length, key).toBeGreaterThan(0);
    }
    for (const [key, value] of catalog.en)
      expect(placeholders(catalog.zh.get(key) as string), key).toEqual(
        placeholders(value as string),
      );
  });

  it('translate: most zh-CN strings contain Chinese', () => {
    const han = /\p{Script=Han}/u;
    const all = catalogs.flatMap((c) => [...c.zh.values()]) as string[];
    expect(all.filter((v) => han.test(v)).length / all.length).toBeGreaterThan(0.9);
  });

  it('know every literal key the source passes to t()', () => {
    const known = new Set(catalogs.flatMap((c) => [...c.en.keys()]));
    const missing: string[] = [];
    for (const file of sourceFiles(CONSOLE)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([A-Za-z0-9_.-]+)'/g))
        if (!known.has(match[1]!)) missing.push(`${relative(CONSOLE, file)}: ${match[1]}`);
    }
    expect(missing).toEqual([]);
  });
});
