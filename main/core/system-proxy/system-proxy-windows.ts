// Windows: the per-user AutoConfigURL value under Internet Settings (what "Use setup script"
// sets), written with `reg`, the tool every Windows has. Edge, Chrome and WinINet programs read
// it; a browser already running notices on its next network change or restart (telling them at
// once needs InternetSetOption, a native call this client does not make).
import type { CommandRunner } from '../managed-config-windows.ts';
import { parseRegQueryOutput } from '../managed-config-windows.ts';
import { mustRun, type SystemProxySetter } from './system-proxy.ts';

export const INTERNET_SETTINGS_KEY =
  'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings';
const VALUE = 'AutoConfigURL';

export function windowsSystemProxy(run: CommandRunner): SystemProxySetter {
  const set = (url: string) =>
    mustRun(run, 'reg', [
      'add',
      INTERNET_SETTINGS_KEY,
      '/v',
      VALUE,
      '/t',
      'REG_SZ',
      '/d',
      url,
      '/f',
    ]);
  return {
    async read() {
      // Exit code 1: the value is not there (no setup script before us).
      const { stdout, exitCode } = await run('reg', ['query', INTERNET_SETTINGS_KEY, '/v', VALUE]);
      const value = exitCode === 0 ? parseRegQueryOutput(stdout)[VALUE] : undefined;
      return { kind: 'windows', autoConfigUrl: typeof value === 'string' ? value : null };
    },
    async apply(pacUrl) {
      await set(pacUrl);
    },
    async restore(saved) {
      if (saved.kind !== 'windows') return;
      if (saved.autoConfigUrl !== null) await set(saved.autoConfigUrl);
      else await mustRun(run, 'reg', ['delete', INTERNET_SETTINGS_KEY, '/v', VALUE, '/f']);
    },
  };
}
