// The packaged main bundle must not carry the development bridge: build main into a temporary
// folder exactly as `npm run build` does and look for the bridge's markers; and prove the check
// itself bites by scanning a folder that holds the bridge.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { findBridgeMarkers } from '../../../scripts/check-bridge-excluded.ts';
import { SHIM_SOURCE } from '../../../main/bridge/shim.ts';

describe('the main bundle excludes the browser bridge', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('finds no bridge marker in a fresh main build', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'main-build-'));
    dirs.push(outDir);
    await build({
      configFile: 'vite.main.config.ts',
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
    expect(await findBridgeMarkers(outDir)).toEqual([]);
  }, 120_000);

  it('does find the bridge where it is', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'with-bridge-'));
    dirs.push(dir);
    await writeFile(join(dir, 'index.js'), SHIM_SOURCE);
    expect((await findBridgeMarkers(dir)).length).toBeGreaterThan(0);
  });
});
