// The snapshot's `proxy` part: the local proxy's state and the system proxy setting, errors
// worded in the effective language. Pure.
import type { Locale } from '../../shared/domain/errors/define.ts';
import type { ProxyView } from '../../shared/ipc/state.ts';
import type { ClientError } from './client-error.ts';
import type { ProxyEnforcementView } from './proxy-enforcement.ts';
import type { SystemProxyStatus } from './system-proxy/system-proxy.ts';

export interface ProxyViewContext {
  enforcement: ProxyEnforcementView;
  system: { status: SystemProxyStatus; error: ClientError | undefined };
}

export const STOPPED_PROXY: ProxyViewContext = {
  enforcement: {
    status: 'stopped',
    port: undefined,
    pacUrl: undefined,
    mode: 'deny_all',
    mapVersion: undefined,
    error: undefined,
  },
  system: { status: 'off', error: undefined },
};

export function buildProxyView(
  ctx: ProxyViewContext,
  locale: Locale,
  errorView: (e: ClientError | undefined, l: Locale) => ProxyView['error'],
): ProxyView {
  const e = ctx.enforcement;
  return {
    status: e.status,
    port: e.port ?? null,
    pac_url: e.pacUrl ?? null,
    pac_version: e.mapVersion ?? null,
    mode: e.mode,
    system_proxy: ctx.system.status,
    error: errorView(e.error, locale),
    system_proxy_error: errorView(ctx.system.error, locale),
  };
}
