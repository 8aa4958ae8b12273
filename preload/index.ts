// The preload exposes the contract's channels and events and nothing else: no ipcRenderer,
// no Node. Listeners get the payload only, never the IpcRendererEvent (it reaches ipcRenderer).
import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannels, ipcEvents } from '../shared/ipc/channels.ts';
import type { GatehouseApi } from '../shared/ipc/contract.ts';

const channels = new Set<string>(ipcChannels);
const events = new Set<string>(ipcEvents);
const api: GatehouseApi = {
  invoke: (channel, request) => {
    if (!channels.has(channel)) return Promise.reject(new Error(`unknown channel ${channel}`));
    return ipcRenderer.invoke(channel, request);
  },
  on: (event, listener) => {
    if (!events.has(event)) throw new Error(`unknown event ${event}`);
    const wrapped = (_e: unknown, payload: unknown) => listener(payload as never);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
};
contextBridge.exposeInMainWorld('gatehouse', api);
