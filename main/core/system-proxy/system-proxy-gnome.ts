// Linux with GNOME (and desktops built on its settings: Unity, Cinnamon, Budgie): the proxy
// mode and autoconfig URL in org.gnome.system.proxy, with `gsettings`. Chromium, Firefox (set to
// "use system proxy settings") and GLib programs follow them. Values are read and written as
// GVariant text, so a restore writes back exactly what was read.
import type { CommandRunner } from '../managed-config-windows.ts';
import { mustRun, type SystemProxySetter } from './system-proxy.ts';

const SCHEMA = 'org.gnome.system.proxy';
const GNOME_LIKE = /gnome|unity|cinnamon|budgie|pantheon/i;

/** A string as GVariant text ('...', with \ and ' escaped). */
export const gvariantString = (s: string): string =>
  `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const isGnomeLikeDesktop = (env: Record<string, string | undefined>): boolean =>
  GNOME_LIKE.test(env.XDG_CURRENT_DESKTOP ?? '') || GNOME_LIKE.test(env.DESKTOP_SESSION ?? '');

export function gnomeSystemProxy(run: CommandRunner, tool = 'gsettings'): SystemProxySetter {
  const get = async (key: string) => (await mustRun(run, tool, ['get', SCHEMA, key])).trim();
  const set = (key: string, value: string) => mustRun(run, tool, ['set', SCHEMA, key, value]);
  return {
    async read() {
      return { kind: 'gnome', mode: await get('mode'), autoconfigUrl: await get('autoconfig-url') };
    },
    async apply(pacUrl) {
      // URL first: mode 'auto' with the old URL would send browsers to it for a moment.
      await set('autoconfig-url', gvariantString(pacUrl));
      await set('mode', gvariantString('auto'));
    },
    async restore(saved) {
      if (saved.kind !== 'gnome') return;
      await set('mode', saved.mode);
      await set('autoconfig-url', saved.autoconfigUrl);
    },
  };
}
