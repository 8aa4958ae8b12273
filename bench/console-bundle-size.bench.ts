// The admin console's initial JavaScript, as a browser loads it on the first visit: builds the
// console exactly as `npm run build` does (into a temporary folder, with Vite's manifest), then
// follows the manifest from the entry through its static imports (the lazily loaded pages are
// left out: they load when visited) and sums their gzipped (level 9) and raw sizes; also all JS.
// Goal: initial JS at most 500 KB gzipped. Args: [an existing build dir with .vite/manifest.json]
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { Bench, Figure } from './lib/figure.ts';

export interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** Files of the entry chunks and everything they import statically, transitively. */
export function initialChunkFiles(manifest: Record<string, ManifestChunk>): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return [...seen]
    .map((key) => manifest[key]?.file)
    .filter((file): file is string => !!file && file.endsWith('.js'));
}

const bench: Bench = {
  name: 'console-bundle-size',
  description: 'Admin console initial JavaScript gzipped (goal <= 500 KB)',
  async run(args) {
    const given = args[0];
    const outDir = given ? resolve(given) : await mkdtemp(join(tmpdir(), 'console-'));
    try {
      if (!given)
        await build({
          configFile: resolve(import.meta.dirname, '..', 'vite.console.config.ts'),
          logLevel: 'silent',
          build: { outDir, emptyOutDir: true, manifest: true },
        });
      const manifest = JSON.parse(
        await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8'),
      ) as Record<string, ManifestChunk>;
      const sizes = async (files: string[]) => {
        let raw = 0;
        let gz = 0;
        for (const file of files) {
          const body = await readFile(join(outDir, file));
          raw += body.length;
          gz += gzipSync(body, { level: 9 }).length;
        }
        return { raw, gz };
      };
      const initial = initialChunkFiles(manifest);
      const all = (await readdir(join(outDir, 'assets')))
        .filter((f) => f.endsWith('.js'))
        .map((f) => `assets/${f}`);
      const first = await sizes(initial);
      const everything = await sizes(all);
      const figures: Figure[] = [
        {
          metric: 'console_initial_js_gzip',
          value: first.gz / 1024,
          unit: 'KiB',
          n: initial.length,
        },
        {
          metric: 'console_initial_js_raw',
          value: first.raw / 1024,
          unit: 'KiB',
          n: initial.length,
        },
        { metric: 'console_all_js_gzip', value: everything.gz / 1024, unit: 'KiB', n: all.length },
      ];
      return figures;
    } finally {
      if (!given) await rm(outDir, { recursive: true, force: true });
    }
  },
};
export default bench;
