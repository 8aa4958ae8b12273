// Builds the IPC contract's snapshot from the core's state: errors worded in the effective
// language, nothing secret. Pure, so the Electron IPC and the browser bridge send the same.
import type { Locale } from '../../shared/domain/errors/define.ts';
import type { AppStateSnapshot, ErrorView, ProfileView } from '../../shared/ipc/state.ts';
import type { CoreState } from './app-state.ts';
import type { ClientError } from './client-error.ts';
import type { DeviceIdentity } from './device.ts';
import type { EntitlementsView } from './entitlements-cache.ts';
import type { ManagedConfigSource } from './managed-config.ts';
import { buildProxyView, STOPPED_PROXY, type ProxyViewContext } from './proxy-state-view.ts';
import type { ResolvedSettings } from './settings.ts';

export interface ViewContext {
  revision: number;
  state: CoreState;
  settings: ResolvedSettings;
  device: DeviceIdentity;
  entitlements: EntitlementsView;
  /** The local proxy and system proxy (default: stopped, for views built without a core). */
  proxy?: ProxyViewContext;
  app: {
    version: string;
    platform: string;
    systemLocale: string;
    shell: 'electron' | 'browser-bridge';
    managedBy: ManagedConfigSource;
  };
}

/** The language to render: the setting, or the OS locale when it is "system". */
export function effectiveLocale(settings: ResolvedSettings, systemLocale: string): Locale {
  const language = settings.values.language;
  if (language !== 'system') return language;
  return /^zh\b/i.test(systemLocale) ? 'zh-CN' : 'en';
}

export const errorView = (error: ClientError | undefined, locale: Locale): ErrorView | null => {
  if (!error) return null;
  const view = error.describe(locale);
  return { code: view.code, message: view.message, fix: view.fix ?? null };
};

/**
 * The signed-in person as the renderer shows them: departments by name (an older control plane
 * sends ids only, shown as they are) and the avatar only as the data: URL the core fetched.
 */
export function profileView(p: NonNullable<CoreState['profile']>): ProfileView {
  const named = p.departments.length > 0 || p.department_ids.length === 0;
  return {
    user_id: p.user_id,
    name: p.name,
    en_name: p.en_name,
    email: p.email,
    avatar_url: p.avatarDataUrl ?? null,
    departments: named
      ? p.departments.map((d) => ({ id: d.id, name: d.name, path: [...d.path] }))
      : p.department_ids.map((id) => ({ id, name: null, path: [] })),
    tenant_name: p.tenant.name,
    source_name: p.source.name,
    brand: p.source.brand,
    signed_in_at: p.signedInAt,
  };
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function buildSnapshot(ctx: ViewContext): AppStateSnapshot {
  const { state, settings } = ctx;
  const locale = effectiveLocale(settings, ctx.app.systemLocale);
  const locked = new Set(settings.locked);
  const sources = state.enrollment.sources;
  const remembered = settings.values.lastSourceId;
  const selected =
    state.signIn.sourceId ??
    (sources.find((s) => s.id === remembered) ?? (sources.length === 1 ? sources[0] : undefined))
      ?.id ??
    null;
  const doc = ctx.entitlements.document;
  return {
    revision: ctx.revision,
    app: {
      version: ctx.app.version,
      platform: ctx.app.platform,
      locale,
      system_locale: ctx.app.systemLocale,
      shell: ctx.app.shell,
      managed_by: ctx.app.managedBy,
    },
    enrollment: {
      status: state.enrollment.status,
      control_plane_url: settings.values.controlPlaneUrl ?? null,
      control_plane_url_locked: locked.has('controlPlaneUrl'),
      enterprise_id: settings.values.enterpriseId ?? null,
      enterprise_id_locked: locked.has('enterpriseId'),
      tenant_name: state.enrollment.tenantName ?? null,
      sources: sources.map((s) => ({
        id: s.id,
        brand: s.brand,
        name: s.name,
        description: s.description,
        qr_login: s.qr_login,
      })),
      selected_source_id: selected,
      error: errorView(state.enrollment.error, locale),
    },
    sign_in: {
      phase: state.signIn.phase,
      method: state.signIn.method ?? null,
      source_id: state.signIn.sourceId ?? null,
      authorize_url: state.signIn.authorizeUrl ?? null,
      qr_url: state.signIn.qrUrl ?? null,
      expires_at: state.signIn.expiresAt ?? null,
      error: errorView(state.signIn.error, locale),
    },
    profile: state.profile ? profileView(state.profile) : null,
    device: { ...ctx.device },
    connection: {
      status: state.connection.status,
      since: state.connection.since ?? null,
      error: errorView(state.connection.error, locale),
    },
    keychain: {
      available: state.keychain.available,
      error: errorView(state.keychain.error, locale),
    },
    entitlements: {
      status: ctx.entitlements.status,
      version: doc?.version ?? null,
      fetched_at: iso(ctx.entitlements.fetchedAt),
      valid_until: iso(ctx.entitlements.expiresAt),
      applications: (doc?.applications ?? []).map((a) => ({
        id: a.id,
        name: a.name,
        description: a.description,
        icon: a.icon ?? null,
        portal_url: a.portal_url ?? null,
        tags: [...a.tags],
      })),
    },
    proxy: buildProxyView(ctx.proxy ?? STOPPED_PROXY, locale, errorView),
    settings: {
      language: settings.values.language,
      language_locked: locked.has('language'),
      control_plane_url: settings.values.controlPlaneUrl ?? null,
      control_plane_url_locked: locked.has('controlPlaneUrl'),
      auto_start: settings.values.autoStart,
      auto_start_locked: locked.has('autoStart'),
      allow_sign_out: settings.values.allowSignOut,
    },
  };
}
