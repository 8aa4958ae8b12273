// The preload exposes the contract's channels and nothing else: no ipcRenderer, no Node.
import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannels } from '../shared/ipc/channels.ts';
import type { GatehouseApi } from '../shared/ipc/contract.ts';

const allowed = new Set<string>(ipcChannels);
const api: GatehouseApi = {
  invoke: (channel, request) => {
    if (!allowed.has(channel)) return Promise.reject(new Error(`unknown channel ${channel}`));
    return ipcRenderer.invoke(channel, request);
  },
};
contextBridge.exposeInMainWorld('gatehouse', api);
