// macOS: the automatic proxy configuration URL of every enabled network service, with
// `networksetup` (what System Settings > Network > Proxies changes). Changing it may ask for an
// administrator's approval on machines where the person is not an admin; IT then sets the PAC
// URL by profile and turns this off (SystemProxyDisabled).
import type { CommandRunner } from '../managed-config-windows.ts';
import { mustRun, type SavedProxySetting, type SystemProxySetter } from './system-proxy.ts';

const TOOL = '/usr/sbin/networksetup';

/** `-listallnetworkservices`: a header line, then names; a leading * marks a disabled one. */
export function parseNetworkServices(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('*'));
}

/** `-getautoproxyurl <service>`: "URL: <url or (null)>" and "Enabled: Yes|No". */
export function parseAutoProxyUrl(stdout: string): { url: string; enabled: boolean } {
  const url = /^URL: (.*)$/m.exec(stdout)?.[1]?.trim() ?? '';
  const enabled = /^Enabled: Yes$/im.test(stdout);
  return { url: url === '(null)' ? '' : url, enabled };
}

export function macosSystemProxy(run: CommandRunner): SystemProxySetter {
  const services = async () =>
    parseNetworkServices(await mustRun(run, TOOL, ['-listallnetworkservices']));
  return {
    async read() {
      const out: Extract<SavedProxySetting, { kind: 'macos' }> = { kind: 'macos', services: [] };
      for (const name of await services()) {
        const current = parseAutoProxyUrl(await mustRun(run, TOOL, ['-getautoproxyurl', name]));
        out.services.push({ name, ...current });
      }
      return out;
    },
    async apply(pacUrl) {
      for (const name of await services()) {
        await mustRun(run, TOOL, ['-setautoproxyurl', name, pacUrl]);
        await mustRun(run, TOOL, ['-setautoproxystate', name, 'on']);
      }
    },
    async restore(saved) {
      if (saved.kind !== 'macos') return;
      const present = new Set(await services());
      for (const s of saved.services) {
        if (!present.has(s.name)) continue;
        if (s.url) await mustRun(run, TOOL, ['-setautoproxyurl', s.name, s.url]);
        await mustRun(run, TOOL, ['-setautoproxystate', s.name, s.enabled ? 'on' : 'off']);
      }
    },
  };
}
