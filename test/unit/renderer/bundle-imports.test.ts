import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The renderer bundle stays small (goal: <= 250 KB gzipped) partly because the contract's zod
// schemas never reach it: the renderer takes only types from shared/ipc (main validates).
const root = join(import.meta.dirname, '../../../renderer');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );

describe('renderer imports', () => {
  const sources = files(root).map((f) => [f, readFileSync(f, 'utf8')] as const);

  it('finds the renderer sources', () => {
    expect(sources.length).toBeGreaterThan(20);
  });

  it('takes only types from shared/ipc and never imports zod', () => {
    for (const [file, text] of sources) {
      for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)) {
        const [, typeOnly, spec] = m;
        expect(spec, file).not.toBe('zod');
        if (spec!.includes('shared/ipc/')) expect(typeOnly, `${file}: ${spec}`).toBe('type ');
      }
    }
  });

  it('does not reach main, preload, control-plane or sandbox', () => {
    for (const [file, text] of sources) {
      expect(text, file).not.toMatch(/from '(\.\.\/)+(main|preload|control-plane|sandbox)\//);
    }
  });
});
