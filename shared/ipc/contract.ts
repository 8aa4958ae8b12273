// The one typed IPC contract between renderer and main. Each channel declares its request and
// response schema; main parses requests with them, the preload exposes exactly these channels.
import { z } from 'zod';
import type { IpcChannel } from './channels.ts';

export const ipcContract = {
  'app:get-info': {
    request: z.object({}).strict(),
    response: z.object({ version: z.string(), platform: z.string(), locale: z.string() }),
  },
} as const satisfies Record<IpcChannel, { request: z.ZodType; response: z.ZodType }>;

export type { IpcChannel };
export type IpcRequest<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['response']>;

/** The API the preload exposes on window.gatehouse, derived from the contract. */
export type GatehouseApi = {
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>>;
};
