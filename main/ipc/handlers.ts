// One handler per contract channel: each takes the parsed request and calls the client core.
// Plain Node (no electron), so the Electron IPC and the browser bridge run the same handlers.
import type { z } from 'zod';
import type { IpcChannel } from '../../shared/ipc/channels.ts';
import type { ipcContract } from '../../shared/ipc/contract.ts';
import type { ClientCore } from '../core/client-core.ts';

const DEFAULT_DENIED_LIMIT = 20;

type Request<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['request']>;
type Response<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['response']>;
/** What a handler returns: the `value` of an ok result (app:get-info: the whole answer). */
type Value<C extends IpcChannel> =
  Response<C> extends { ok: true; value: infer V } | { ok: false } ? V : Response<C>;

export type Handlers = {
  [C in IpcChannel]: (core: ClientCore, request: Request<C>) => Promise<Value<C>>;
};

export const handlers: Handlers = {
  'app:get-info': async (core) => {
    const s = core.snapshot();
    return { version: s.app.version, platform: s.app.platform, locale: s.app.locale };
  },
  'state:get': async (core) => core.snapshot(),
  'state:refresh': (core) => core.refresh(),
  'enrollment:enroll': (core, r) => core.enroll(r.enterprise_id),
  'enrollment:reset': (core) => core.resetEnrollment(),
  'sign-in:choose-source': async (core, r) => core.chooseSource(r.source_id),
  'sign-in:start-browser': async (core, r) => ({
    authorize_url: await core.startSignIn('browser', r.source_id),
  }),
  'sign-in:reopen-browser': async (core) => {
    await core.reopenBrowser();
    return {};
  },
  'sign-in:start-qr': async (core, r) => ({ qr_url: await core.startSignIn('qr', r.source_id) }),
  'sign-in:cancel': async (core) => core.cancelSignIn(),
  'sign-in:dismiss-error': async (core) => core.dismissError(),
  'session:sign-out': (core) => core.signOut(),
  'settings:set-language': async (core, r) => core.setLanguage(r.language),
  'settings:set-control-plane-url': (core, r) => core.setControlPlaneUrl(r.url),
  'settings:set-auto-start': (core, r) => core.setAutoStart(r.enabled),
  'apps:open': async (core, r) => {
    await core.openApp(r.app_id);
    return {};
  },
  'proxy:recent-denied': async (core, r) => ({
    decisions: core.recentDenied(r.limit ?? DEFAULT_DENIED_LIMIT),
  }),
};
