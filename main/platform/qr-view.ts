// The embedded QR sign-in: the control plane's QR page in its own window, with no preload, no
// Node, a sandbox, and an in-memory session of its own (no cookies kept, nothing shared with
// the main window). Every navigation, in the page and in its frames, goes through
// decideQrNavigation; window.open and downloads are refused. The flow ends at the loopback
// redirect, which the loopback listener answers, and the view closes.
import { BrowserWindow, session as sessions } from 'electron';
import { decideQrNavigation } from '../core/sign-in-url-policy.ts';
import { hardenSession } from './session-hardening.ts';

export interface QrViewOptions {
  url: string;
  allowedOrigins: readonly string[];
  loopbackRedirectUri: string;
  parent?: BrowserWindow;
  title: string;
  /** Called once the view reached the loopback redirect (the listener has the result). */
  onRedirected?: () => void;
  onClosed?: () => void;
}

let partitionCounter = 0;

export function openQrView(options: QrViewOptions): BrowserWindow {
  // A fresh non-persistent partition per attempt: no state leaks from one sign-in to the next.
  const partition = `gatehouse-qr-${process.pid}-${++partitionCounter}`;
  const qrSession = sessions.fromPartition(partition, { cache: false });
  hardenSession(qrSession);
  const win = new BrowserWindow({
    width: 520,
    height: 640,
    title: options.title,
    ...(options.parent ? { parent: options.parent } : {}),
    autoHideMenuBar: true,
    webPreferences: {
      session: qrSession,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: false,
    },
  });
  const context = {
    allowedOrigins: options.allowedOrigins,
    loopbackRedirectUri: options.loopbackRedirectUri,
  };
  let redirected = false;
  const decide = (event: { preventDefault(): void }, url: string) => {
    const decision = decideQrNavigation(url, context);
    if (decision === 'deny') event.preventDefault();
    if (decision === 'loopback' && !redirected) {
      redirected = true;
      options.onRedirected?.();
    }
  };
  const contents = win.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event) => decide(event, event.url));
  contents.on('will-frame-navigate', (event) => decide(event, event.url));
  contents.on('will-redirect', (event) => decide(event, event.url));
  win.on('closed', () => options.onClosed?.());
  if (decideQrNavigation(options.url, context) !== 'allow') {
    throw new Error('refused: the QR page is not on an allowed origin');
  }
  void win.loadURL(options.url);
  return win;
}
