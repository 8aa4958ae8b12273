// The release workflow cannot run here (no internet, no signing keys), so its shape is
// checked: three packaging platforms after the offline checks, every secret and variable it
// uses documented in docs/deployment/release.md, and the scripts it calls exist.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../../', import.meta.url);
const text = readFileSync(new URL('.github/workflows/release.yml', root), 'utf8');
const workflow = parse(text) as {
  jobs: Record<
    string,
    { needs?: string; strategy?: { matrix: { include: Array<{ os: string; args: string }> } } }
  >;
};
const docs = readFileSync(new URL('docs/deployment/release.md', root), 'utf8');

describe('release workflow', () => {
  it('packages macOS (universal), Windows and Linux after the offline checks', () => {
    expect(workflow.jobs.package?.needs).toBe('check');
    const matrix = workflow.jobs.package?.strategy?.matrix.include ?? [];
    expect(matrix.map((m) => m.args).sort()).toEqual(['--linux', '--mac --universal', '--win']);
    expect(workflow.jobs.publish?.needs).toBe('package');
  });

  it('documents every secret and variable it uses', () => {
    const used = new Set([...text.matchAll(/\b(?:secrets|vars)\.([A-Z0-9_]+)/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(docs, name).toContain(`\`${name}\``);
  });

  it('runs commands that exist in the repository', () => {
    expect(text).toContain('./gatehouse test');
    expect(existsSync(new URL('gatehouse', root))).toBe(true);
    expect(existsSync(new URL('scripts/package-smoke.ts', root))).toBe(true);
    expect(existsSync(new URL('.nvmrc', root))).toBe(true);
  });
});
