import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/i18n/en.ts';
import { zhCN } from '../../../renderer/i18n/zh-CN.ts';

// Flattens a resource tree to "a.b.c" -> string.
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

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('renderer i18n resources', () => {
  const english = flatten(en);
  const chinese = flatten(zhCN);

  it('have the same keys in en and zh-CN', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
    expect(english.size).toBeGreaterThan(50);
  });

  it('have no empty or non-string values', () => {
    for (const [key, value] of [...english, ...chinese]) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim().length, key).toBeGreaterThan(0);
    }
  });

  it('use the same {{placeholders}} in both languages', () => {
    for (const [key, value] of english) {
      expect(placeholders(chinese.get(key) as string), key).toEqual(placeholders(value as string));
    }
  });

  it('actually translate: most zh-CN strings differ from en and contain Chinese', () => {
    const han = /\p{Script=Han}/u;
    const translated = [...chinese].filter(([, v]) => han.test(v as string)).length;
    // Brand names, "English", file paths and the product name legitimately stay as they are.
    expect(translated / chinese.size).toBeGreaterThan(0.9);
  });
});
