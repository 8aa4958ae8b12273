// Channel names alone, without schemas, so the preload bundle stays free of zod.
export const ipcChannels = ['app:get-info'] as const;
export type IpcChannel = (typeof ipcChannels)[number];
