// Composition root of the desktop client: the only place that builds services and windows.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, ipcMain } from 'electron';
import { ipcContract } from '../../shared/ipc/contract.ts';
import { createSecureWindow, hardenDefaultSession } from '../platform/secure-window.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(() => {
    hardenDefaultSession();
    const win = createSecureWindow(join(here, '../preload/index.cjs'), { width: 960, height: 680 });
    ipcMain.handle('app:get-info', (event, raw: unknown) => {
      if (event.senderFrame?.url !== win.webContents.getURL()) throw new Error('unknown sender');
      ipcContract['app:get-info'].request.parse(raw ?? {});
      return { version: app.getVersion(), platform: process.platform, locale: app.getLocale() };
    });
    void win.loadFile(join(here, '../renderer/index.html'));
  });
}
