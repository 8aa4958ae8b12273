// What loading the client core costs beyond its own modules: Node's bundled undici (fetch,
// WebSocket, web streams, File) is ~6 MiB of idle RSS the core never uses. It comes in when any
// module imports 'node:http' as ESM (Node builds the namespace by reading every export, the lazy
// http.WebSocket getter among them), so the core takes it through main/core/node-http.ts.
// A fresh node process, because vitest itself has long since loaded undici in this one.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const coreModule = (name: string) =>
  fileURLToPath(new URL(`../../../main/core/${name}`, import.meta.url));

/** The built-in modules a fresh process has loaded after importing these files. */
const loadedBuiltins = (files: string[]): string[] => {
  const script = `
    for (const f of ${JSON.stringify(files)}) await import(f);
    process.stdout.write(JSON.stringify(process.moduleLoadList));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
};

describe('client core module footprint', () => {
  it('loads neither undici nor web streams', () => {
    const loaded = loadedBuiltins([
      coreModule('client-core.ts'),
      coreModule('control-plane-http.ts'),
      coreModule('proxy/local-proxy.ts'),
    ]);
    expect(loaded).toContain('NativeModule http');
    expect(loaded.filter((m) => /undici|webstreams/.test(m))).toEqual([]);
  });

  it('would load undici through an ESM import of node:http (what the check above guards)', () => {
    const probe = new URL('data:text/javascript,import "node:http";').href;
    expect(loadedBuiltins([probe])).toContain('NativeModule internal/deps/undici/undici');
  });
});
