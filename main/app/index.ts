// Composition root of the desktop client: the only place that builds services and windows.
// Electron adapters (windows, tray, QR view, external open, store, proxy, auto-start, updates)
// are wired to the plain-Node client core; the IPC handlers mirror its state to the renderer.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, ipcMain, session, shell, type BrowserWindow } from 'electron';
import { ClientCore } from '../core/client-core.ts';
import { createControlPlaneHttp } from '../core/control-plane-http.ts';
import { openSecretStore } from '../core/keychain-secret-store.ts';
import { loadManagedConfig } from '../core/managed-config-load.ts';
import { FEISHU_SIGN_IN_ORIGINS, signInOrigins } from '../core/sign-in-url-policy.ts';
import { decideUpdates, readBuiltInFeedUrl } from '../core/update-policy.ts';
import { registerIpc } from '../ipc/electron-ipc.ts';
import { applyAutoStart } from '../platform/auto-start.ts';
import { createElectronKeyValueStore } from '../platform/electron-store-adapter.ts';
import { openSignInUrl } from '../platform/external-open.ts';
import { electronProxyResolver } from '../platform/proxy-resolver.ts';
import { followPacInSessions } from '../platform/electron-session-proxy.ts';
import { systemProxySetterFor } from '../core/system-proxy/system-proxy-for-platform.ts';
import { openQrView } from '../platform/qr-view.ts';
import { createSecureWindow, hardenDefaultSession } from '../platform/secure-window.ts';
import { acquireSingleInstance } from '../platform/single-instance.ts';
import { createTray, type TrayController } from '../platform/tray.ts';
import { trayStatusOf } from './tray-status.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '../renderer/index.html');

/** Identity-provider origins: Feishu/Lark; a development build may add the sandbox's. */
const idpOrigins = (): string[] => {
  const extra = app.isPackaged ? '' : (process.env.GATEHOUSE_EXTRA_SIGN_IN_ORIGINS ?? '');
  return [...FEISHU_SIGN_IN_ORIGINS, ...extra.split(',').filter(Boolean)];
};

async function main(): Promise<void> {
  // Bound once the window exists; a second launch before that has nothing to show yet.
  const windows: { main?: BrowserWindow } = {};
  let quitting = false;
  const show = () => {
    const win = windows.main;
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  if (!acquireSingleInstance(app, show)) {
    app.quit();
    return;
  }
  await app.whenReady();
  hardenDefaultSession();

  const managed = await loadManagedConfig();
  const store = createElectronKeyValueStore();
  const secrets = await openSecretStore();
  const proxy = electronProxyResolver(session.defaultSession);
  let qrWindow: BrowserWindow | undefined;
  const origins = () =>
    signInOrigins(core.settings.current().values.controlPlaneUrl ?? '', idpOrigins());

  const core: ClientCore = new ClientCore({
    appVersion: app.getVersion(),
    systemLocale: app.getLocale(),
    shell: 'electron',
    store,
    managed,
    secrets,
    http: (options) => createControlPlaneHttp({ ...options, proxy }),
    openBrowser: (url) => openSignInUrl(url, origins()),
    showQr: (url, redirectUri) => {
      qrWindow?.close();
      qrWindow = openQrView({
        url,
        allowedOrigins: origins(),
        loopbackRedirectUri: redirectUri,
        ...(windows.main ? { parent: windows.main } : {}),
        title: core.locale === 'zh-CN' ? '扫码登录' : 'Scan to sign in',
        onRedirected: () => qrWindow?.close(),
        onClosed: () => {
          qrWindow = undefined;
        },
      });
    },
    closeQr: () => qrWindow?.close(),
    // Applications open in the person's browser, https only (the core checked the list).
    openApp: (url) => {
      if (new URL(url).protocol !== 'https:') throw new Error('refused: not an https address');
      return shell.openExternal(url);
    },
    applyAutoStart: (enabled) => applyAutoStart(app, enabled),
    // The OS proxy setting points browsers at the local proxy's PAC while signed in.
    systemProxy: systemProxySetterFor(),
  });
  core.on(
    'snapshot',
    followPacInSessions(() => [session.defaultSession]),
  );

  // `./gatehouse demo` points a development build at its local control plane.
  const devUrl = app.isPackaged ? undefined : process.env.GATEHOUSE_DEV_CONTROL_PLANE_URL;
  if (devUrl && !core.settings.current().values.controlPlaneUrl)
    core.settings.update({ controlPlaneUrl: devUrl });

  const win = (windows.main = createSecureWindow(join(here, '../preload/index.cjs'), {
    width: 960,
    height: 680,
    title: 'Gatehouse',
  }));
  const appUrlPrefix = pathToFileURL(rendererIndex).toString();
  registerIpc(ipcMain, core, () => win.webContents, appUrlPrefix);
  // Closing the window keeps the app (and the session) in the tray.
  win.on('close', (event) => {
    if (!quitting) {
      event.preventDefault();
      win.hide();
    }
  });

  const tray: TrayController = createTray({
    open: show,
    signOut: () => void core.signOut().catch(() => undefined),
    quit: () => {
      quitting = true;
      app.quit();
    },
  });
  const updateTray = () => {
    const snapshot = core.snapshot();
    tray.update(trayStatusOf(snapshot), {
      allowSignOut: snapshot.settings.allow_sign_out,
      locale: snapshot.app.locale,
    });
  };
  core.on('snapshot', updateTray);
  updateTray();

  app.on('before-quit', () => {
    quitting = true;
  });
  // Quitting waits (a few seconds at most) for the core to put the person's system proxy
  // setting back and close the local proxy, then exits.
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    tray.destroy();
    const bound = new Promise((resolve) => setTimeout(resolve, 3000));
    void Promise.race([core.dispose().catch(() => undefined), bound]).then(() => app.exit(0));
  });

  const settings = core.settings.current().values;
  void applyAutoStart(app, settings.autoStart).catch(() => undefined);
  const updates = decideUpdates({
    updatesDisabled: settings.updatesDisabled,
    policyFeedUrl: settings.updateUrl,
    builtInFeedUrl: readBuiltInFeedUrl(process.resourcesPath),
    isPackaged: app.isPackaged,
    platform: process.platform,
    env: process.env,
  });
  // electron-updater and what it pulls in (js-yaml, semver, fs-extra, graceful-fs, sax: ~0.5 MB
  // of the bundle; +23 MiB RSS when plain Node imports the package) load only where updates
  // run: not in development builds nor where IT turned them off. Its own chunk; the window does
  // not wait for it.
  if (updates.enabled)
    void import('../platform/auto-update.ts')
      .then(({ startAutoUpdates }) => startAutoUpdates(updates))
      .catch((error: unknown) => console.error('auto-update not started:', error));

  await win.loadFile(rendererIndex);
  await core.start();
}

void main();
