// Channel and event names alone, without schemas, so the preload bundle stays free of zod.
// Renderer -> main: request/response channels (invoke). Main -> renderer: events (on).
export const ipcChannels = [
  'app:get-info',
  'state:get',
  'state:refresh',
  'enrollment:enroll',
  'enrollment:reset',
  'sign-in:choose-source',
  'sign-in:start-browser',
  'sign-in:reopen-browser',
  'sign-in:start-qr',
  'sign-in:cancel',
  'sign-in:dismiss-error',
  'session:sign-out',
  'settings:set-language',
  'settings:set-control-plane-url',
  'settings:set-auto-start',
  'apps:open',
  'proxy:recent-denied',
] as const;
export type IpcChannel = (typeof ipcChannels)[number];

export const ipcEvents = ['state:changed', 'proxy:denied'] as const;
export type IpcEvent = (typeof ipcEvents)[number];
