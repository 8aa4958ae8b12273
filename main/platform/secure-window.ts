// Every window starts sandboxed: context isolation, sandbox, no Node, deny-by-default for
// permissions, new windows and navigation away from the app's own files.
import { BrowserWindow, session, shell, type BrowserWindowConstructorOptions } from 'electron';

export function hardenDefaultSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
}

export function createSecureWindow(
  preloadPath: string,
  options: BrowserWindowConstructorOptions = {},
): BrowserWindow {
  const win = new BrowserWindow({
    ...options,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith('file://')) event.preventDefault();
  });
  win.once('ready-to-show', () => win.show());
  return win;
}

/** Opens a URL in the system browser only when it is https (the sign-in flow's pages). */
export async function openExternalHttps(url: string): Promise<void> {
  if (new URL(url).protocol !== 'https:')
    throw new Error('refused: only https URLs open externally');
  await shell.openExternal(url);
}
