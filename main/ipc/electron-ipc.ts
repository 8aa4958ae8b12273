// Wires the handlers to Electron's ipcMain: the sender frame must be the app's own main frame
// (its file:// page), requests are parsed by the contract, and every core change is sent to the
// window as 'state:changed' (and the proxy's denied decisions as 'proxy:denied').
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcChannels } from '../../shared/ipc/channels.ts';
import type { ClientCore } from '../core/client-core.ts';
import { dispatch } from './dispatch.ts';

/** Only the top frame of our own window, showing our own bundled page. */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>,
  window: () => WebContents | undefined,
  appUrlPrefix: string,
): boolean {
  const contents = window();
  const frame = event.senderFrame;
  if (!contents || !frame || event.sender !== contents) return false;
  if (frame !== contents.mainFrame) return false;
  return frame.url.startsWith(appUrlPrefix);
}

export function registerIpc(
  ipcMain: IpcMain,
  core: ClientCore,
  window: () => WebContents | undefined,
  appUrlPrefix: string,
): () => void {
  for (const channel of ipcChannels) {
    ipcMain.handle(channel, (event, raw: unknown) => {
      if (!isTrustedSender(event, window, appUrlPrefix)) throw new Error('unknown sender');
      return dispatch(core, channel, raw);
    });
  }
  const push = (snapshot: unknown) => {
    const contents = window();
    if (contents && !contents.isDestroyed()) contents.send('state:changed', snapshot);
  };
  const pushDenied = (decisions: unknown) => {
    const contents = window();
    if (contents && !contents.isDestroyed()) contents.send('proxy:denied', { decisions });
  };
  core.on('snapshot', push);
  core.on('denied', pushDenied);
  return () => {
    core.off('snapshot', push);
    core.off('denied', pushDenied);
    for (const channel of ipcChannels) ipcMain.removeHandler(channel);
  };
}
