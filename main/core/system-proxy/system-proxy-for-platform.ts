// Picks this machine's way of setting the system proxy, or none (then the UI says "unsupported"
// and shows the PAC URL for IT or the person to set by hand).
import { runCommand } from '../managed-config-load.ts';
import type { CommandRunner } from '../managed-config-windows.ts';
import { gnomeSystemProxy, isGnomeLikeDesktop } from './system-proxy-gnome.ts';
import { macosSystemProxy } from './system-proxy-macos.ts';
import type { SystemProxySetter } from './system-proxy.ts';
import { windowsSystemProxy } from './system-proxy-windows.ts';

export function systemProxySetterFor(
  platform: NodeJS.Platform = process.platform,
  env: Record<string, string | undefined> = process.env,
  run: CommandRunner = runCommand,
): SystemProxySetter | undefined {
  if (platform === 'darwin') return macosSystemProxy(run);
  if (platform === 'win32') return windowsSystemProxy(run);
  if (platform === 'linux' && isGnomeLikeDesktop(env)) return gnomeSystemProxy(run);
  return undefined;
}
