// Builds the admin console into out/console when it is not there yet, so `npm run
// control-plane`, the demo and the browser tests serve it without a separate step. A build that
// exists is left alone (`npm run build` refreshes it). Run directly, or import ensureConsoleBuilt.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '..');
export const CONSOLE_OUT = join(ROOT, 'out', 'console');

/** True when it had to build. */
export async function ensureConsoleBuilt(dir = CONSOLE_OUT): Promise<boolean> {
  if (existsSync(join(dir, 'index.html'))) return false;
  await build({
    configFile: join(ROOT, 'vite.console.config.ts'),
    logLevel: 'warn',
    build: { outDir: dir },
  });
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.env.GATEHOUSE_CONSOLE_DIR?.trim() || CONSOLE_OUT;
  if (!existsSync(join(dir, 'index.html')))
    console.log(`Building the admin console into ${dir}… · 正在构建管理控制台…`);
  await ensureConsoleBuilt(dir);
}
