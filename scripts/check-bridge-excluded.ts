// Fails when the packaged main bundle (out/main) contains the development-only browser bridge:
// its socket path, token parameter, WebSocket server or shim. Run after `npm run build`.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const BRIDGE_MARKERS = ['/__bridge/', 'bridge_token', 'WebSocketServer', 'gatehouse.bridge'];

export async function findBridgeMarkers(dir: string): Promise<string[]> {
  const hits: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(c|m)?js$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const text = await readFile(path, 'utf8');
    for (const marker of BRIDGE_MARKERS) if (text.includes(marker)) hits.push(`${path}: ${marker}`);
  }
  return hits;
}

if (import.meta.main) {
  const dir = process.argv[2] ?? 'out/main';
  const hits = await findBridgeMarkers(dir);
  if (hits.length > 0) {
    console.error(`The browser bridge leaked into ${dir}:\n${hits.join('\n')}`);
    process.exit(1);
  }
  console.log(`${dir}: no browser bridge (checked ${BRIDGE_MARKERS.length} markers)`);
}
