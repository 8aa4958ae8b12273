// Start at login. macOS and Windows have a login-item API; on Linux the freedesktop way is a
// .desktop file in ~/.config/autostart (an AppImage points it at the image, not the mount).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';

export function autostartDesktopEntry(exec: string): string {
  const quoted = `"${exec.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Gatehouse',
    `Exec=${quoted} --hidden`,
    'X-GNOME-Autostart-enabled=true',
    'NoDisplay=true',
    '',
  ].join('\n');
}

export async function applyAutoStart(app: App, enabled: boolean): Promise<void> {
  if (!app.isPackaged) return;
  if (process.platform === 'darwin' || process.platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin: enabled, args: ['--hidden'] });
    return;
  }
  const dir = join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart');
  const file = join(dir, 'gatehouse.desktop');
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(dir, { recursive: true });
  await writeFile(file, autostartDesktopEntry(process.env.APPIMAGE || process.execPath), {
    mode: 0o644,
  });
}
