// Every window starts sandboxed: context isolation, sandbox, no Node, deny-by-default for
// permissions, new windows and navigation away from the app's own page, and the CSP also as a
// response header. No remote content is ever loaded into the main window.
import {
  app,
  BrowserWindow,
  session,
  type BrowserWindowConstructorOptions,
  type WebContents,
} from 'electron';
import { withContentSecurityPolicy } from './content-security-policy.ts';
import { hardenSession } from './session-hardening.ts';

export function hardenDefaultSession(): void {
  hardenSession(session.defaultSession);
  // Any web contents created later (a QR view, a stray devtools window) gets the same guards.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}

/** No pop-ups, no <webview>: whatever a page tries, it stays in its own sandboxed frame. */
export function guardWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The CSP header on every http(s) response this window's page loads (e.g. the dev server). */
function applyContentSecurityPolicy(win: BrowserWindow): void {
  const id = win.webContents.id;
  win.webContents.session.webRequest.onHeadersReceived((details, callback) => {
    if (details.webContentsId !== id) return callback({});
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
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
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  guardWebContents(win.webContents);
  applyContentSecurityPolicy(win);
  // The page may reload itself, never go elsewhere: a link in the UI opens through the
  // sign-in URL policy (external-open.ts), not by navigating this window.
  const own = () => win.webContents.getURL().split('#')[0];
  win.webContents.on('will-navigate', (event, url) => {
    if (url.split('#')[0] !== own()) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (url.split('#')[0] !== own()) event.preventDefault();
  });
  win.once('ready-to-show', () => win.show());
  return win;
}
