// Runs one renderer request: the channel must be in the contract, the request must pass its
// schema, and the answer is the contract's result ({ok, value} or {ok: false, error} worded in
// the person's language). Sender checks happen before this, in the transport.
import { ClientError, defineClientErrors } from '../core/client-error.ts';
import { asClientError } from '../core/client-core-errors.ts';
import type { ClientCore } from '../core/client-core.ts';
import { errorView } from '../core/app-state-view.ts';
import { ipcChannels, type IpcChannel } from '../../shared/ipc/channels.ts';
import { ipcContract } from '../../shared/ipc/contract.ts';
import { handlers } from './handlers.ts';

const ipcErrors = defineClientErrors({
  IPC_BAD_REQUEST: {
    message: {
      en: 'The app sent a request this version does not accept ({reason}).',
      'zh-CN': '应用发送了此版本不接受的请求（{reason}）。',
    },
    fix: { en: 'Restart Gatehouse.', 'zh-CN': '请重启 Gatehouse。' },
  },
});

const channels = new Set<string>(ipcChannels);
export const isIpcChannel = (c: unknown): c is IpcChannel =>
  typeof c === 'string' && channels.has(c);

export async function dispatch(core: ClientCore, channel: unknown, raw: unknown): Promise<unknown> {
  if (!isIpcChannel(channel)) throw new Error('unknown channel');
  const parsed = ipcContract[channel].request.safeParse(raw ?? {});
  const handler = handlers[channel] as (core: ClientCore, request: unknown) => Promise<unknown>;
  if (channel === 'app:get-info') {
    if (!parsed.success) throw new Error('bad request');
    return handler(core, parsed.data);
  }
  if (!parsed.success) {
    const error = new ClientError('IPC_BAD_REQUEST', ipcErrors.IPC_BAD_REQUEST, {
      params: { reason: parsed.error.issues[0]?.message ?? 'invalid' },
    });
    return { ok: false, error: errorView(error, core.locale) };
  }
  try {
    return { ok: true, value: await handler(core, parsed.data) };
  } catch (error) {
    return { ok: false, error: errorView(asClientError(error), core.locale) };
  }
}
