// The renderer's JavaScript as shipped: builds it exactly as `npm run build` does (into a
// temporary folder, so a running demo's out/renderer is left alone), then sums the raw and
// gzipped (level 9) size of every .js under assets/. Args: [an existing build dir to measure]
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { Bench, Figure } from './lib/figure.ts';

const bench: Bench = {
  name: 'client-renderer-size',
  description: 'Renderer JavaScript gzipped (goal <= 250 KB)',
  async run(args) {
    const given = args[0];
    const outDir = given ? resolve(given) : await mkdtemp(join(tmpdir(), 'renderer-'));
    try {
      if (!given)
        await build({
          configFile: resolve(import.meta.dirname, '..', 'vite.renderer.config.ts'),
          logLevel: 'silent',
          build: { outDir, emptyOutDir: true },
        });
      const assets = join(outDir, 'assets');
      let raw = 0;
      let gz = 0;
      let files = 0;
      for (const name of await readdir(assets)) {
        if (!name.endsWith('.js')) continue;
        const body = await readFile(join(assets, name));
        raw += body.length;
        gz += gzipSync(body, { level: 9 }).length;
        files++;
      }
      const figures: Figure[] = [
        { metric: 'renderer_js_gzip', value: gz / 1024, unit: 'KiB', n: files },
        { metric: 'renderer_js_raw', value: raw / 1024, unit: 'KiB', n: files },
      ];
      return figures;
    } finally {
      if (!given) await rm(outDir, { recursive: true, force: true });
    }
  },
};
export default bench;
