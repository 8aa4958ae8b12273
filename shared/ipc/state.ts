// The state snapshot main mirrors to the renderer: everything a screen needs, nothing secret
// (no token, no verifier, no handoff code). Errors arrive already worded in the effective
// language as code + message + fix; the renderer shows them as they are.
import { z } from 'zod';

const iso = z.string();

export const errorViewSchema = z.object({
  /** A stable code: the control plane's catalog (e.g. SIGNIN_USER_NOT_FOUND) or the client's. */
  code: z.string(),
  message: z.string(),
  /** What the person can do about it; null when nothing can be done on their side. */
  fix: z.string().nullable(),
});
export type ErrorView = z.infer<typeof errorViewSchema>;

export const localeSchema = z.enum(['en', 'zh-CN']);
export const languageSchema = z.enum(['system', 'en', 'zh-CN']);

export const identitySourceViewSchema = z.object({
  id: z.string(),
  brand: z.enum(['feishu', 'lark']),
  name: z.string(),
  /** The login title the admin wrote for this source: show it as the sign-in heading. */
  description: z.string(),
  /** Whether "Scan QR code" is offered for this source. */
  qr_login: z.boolean(),
});

export const enrollmentViewSchema = z.object({
  /**
   * none: no enterprise ID yet (first run). discovering: looking it up. enrolled: tenant and
   * sources known. error: the last look-up failed (see error; the ID stays as typed).
   */
  status: z.enum(['none', 'discovering', 'enrolled', 'error']),
  control_plane_url: z.string().nullable(),
  control_plane_url_locked: z.boolean(),
  enterprise_id: z.string().nullable(),
  /** Set by IT (managed config): show it read-only, offer no "change". */
  enterprise_id_locked: z.boolean(),
  tenant_name: z.string().nullable(),
  /** Enabled identity sources; several: let the person choose (show each description). */
  sources: z.array(identitySourceViewSchema),
  /** The chosen source (the last one used is preselected; the only one when there is one). */
  selected_source_id: z.string().nullable(),
  error: errorViewSchema.nullable(),
});

export const signInPhaseSchema = z.enum([
  'idle',
  'waiting_browser',
  'waiting_qr',
  'signed_in',
  'signed_out',
  'revoked',
  'error',
]);
export type SignInPhase = z.infer<typeof signInPhaseSchema>;

export const signInViewSchema = z.object({
  /**
   * idle: enrolled, not signed in yet. waiting_browser / waiting_qr: an attempt is running
   * (offer cancel). signed_in. signed_out: after sign-out or a session that ended (error says
   * why when it was not the person's choice). revoked: IT or the directory ended the session
   * (error carries the reason). error: the attempt failed (error carries code + fix).
   */
  phase: signInPhaseSchema,
  method: z.enum(['browser', 'qr']).nullable(),
  source_id: z.string().nullable(),
  /** While waiting_browser: the page opened in the system browser (offer "open again"). */
  authorize_url: z.string().nullable(),
  /** While waiting_qr: the control plane's QR page (shown in the embedded view or a frame). */
  qr_url: z.string().nullable(),
  /** When the running attempt gives up on its own. */
  expires_at: iso.nullable(),
  error: errorViewSchema.nullable(),
});

export const departmentViewSchema = z.object({
  id: z.string(),
  /** null when the control plane only gave the id: show the id. */
  name: z.string().nullable(),
  /** Names of the departments above it, the top-level one first (may be empty). */
  path: z.array(z.string()),
});

export const profileViewSchema = z.object({
  user_id: z.string(),
  name: z.string(),
  en_name: z.string().nullable(),
  email: z.string().nullable(),
  /** A data:image URL fetched by the client core (never a remote URL); null: show initials. */
  avatar_url: z.string().nullable(),
  departments: z.array(departmentViewSchema),
  tenant_name: z.string(),
  source_name: z.string(),
  brand: z.enum(['feishu', 'lark']),
  signed_in_at: iso,
});

export type ProfileView = z.infer<typeof profileViewSchema>;

export const deviceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  os: z.string(),
  app_version: z.string(),
});

export const connectionViewSchema = z.object({
  /**
   * unknown: not signed in. connecting: opening the push stream. online. offline: the control
   * plane cannot be reached (cached entitlements stay usable until they expire). revoked.
   */
  status: z.enum(['unknown', 'connecting', 'online', 'offline', 'revoked']),
  since: iso.nullable(),
  error: errorViewSchema.nullable(),
});

export const keychainViewSchema = z.object({
  /** false: no OS keychain (e.g. Linux without a Secret Service); the session is memory-only
   *  and ends when the app quits. Tell the person (error carries the why and the fix). */
  available: z.boolean(),
  error: errorViewSchema.nullable(),
});

export const applicationViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /** An http(s) URL or a data:image URL; null: show a placeholder. */
  icon: z.string().nullable(),
  portal_url: z.string().nullable(),
  tags: z.array(z.string()),
});

export const entitlementsViewSchema = z.object({
  /**
   * none: nothing received yet (or not signed in). fresh: from the control plane this session.
   * cached: the last known list, kept while offline. expired: the cached list is past its
   * validity (applications is then empty). unavailable: the control plane does not serve
   * entitlements yet (the list is empty, not an error).
   */
  status: z.enum(['none', 'fresh', 'cached', 'expired', 'unavailable']),
  version: z.string().nullable(),
  fetched_at: iso.nullable(),
  valid_until: iso.nullable(),
  applications: z.array(applicationViewSchema),
});

export const proxyViewSchema = z.object({
  /** The local enforcement proxy. running: browsers reach private applications through it. */
  status: z.enum(['stopped', 'starting', 'running', 'failed']),
  /** Its loopback port (127.0.0.1) while running. */
  port: z.number().int().nullable(),
  pac_url: z.string().nullable(),
  /** Changes when the PAC file does (the destination map's version): PAC users re-load it. */
  pac_version: z.string().nullable(),
  /** entitlements: the person's list decides. deny_all: signed out, revoked or expired. */
  mode: z.enum(['entitlements', 'deny_all']),
  /**
   * The OS proxy setting that points browsers at the PAC file. off: not applied (not running
   * or not started yet). applied. disabled_by_policy: IT turned it off (IT sets browsers up).
   * unsupported: no setting we know how to change here. failed: see system_proxy_error.
   */
  system_proxy: z.enum(['off', 'applied', 'disabled_by_policy', 'unsupported', 'failed']),
  error: errorViewSchema.nullable(),
  system_proxy_error: errorViewSchema.nullable(),
});
export type ProxyView = z.infer<typeof proxyViewSchema>;

export const settingsViewSchema = z.object({
  language: languageSchema,
  language_locked: z.boolean(),
  control_plane_url: z.string().nullable(),
  control_plane_url_locked: z.boolean(),
  auto_start: z.boolean(),
  auto_start_locked: z.boolean(),
  /** false: IT does not let people sign out (hide the sign-out button). */
  allow_sign_out: z.boolean(),
});

export const appViewSchema = z.object({
  version: z.string(),
  platform: z.string(),
  /** The language to render: the setting, or the OS locale when the setting is "system". */
  locale: localeSchema,
  system_locale: z.string(),
  /** electron: the desktop app. browser-bridge: the development bridge in a normal browser
   *  (the sign-in page and the QR page open in a new tab: the QR page refuses framing). */
  shell: z.enum(['electron', 'browser-bridge']),
  /** Where IT's policy came from, for the about page. */
  managed_by: z.enum(['windows-registry', 'macos-profile', 'linux-file', 'none']),
});

export const appStateSnapshotSchema = z.object({
  /** Grows with every change: drop a snapshot older than the one shown. */
  revision: z.number().int().nonnegative(),
  app: appViewSchema,
  enrollment: enrollmentViewSchema,
  sign_in: signInViewSchema,
  profile: profileViewSchema.nullable(),
  device: deviceViewSchema,
  connection: connectionViewSchema,
  keychain: keychainViewSchema,
  entitlements: entitlementsViewSchema,
  proxy: proxyViewSchema,
  settings: settingsViewSchema,
});
export type AppStateSnapshot = z.infer<typeof appStateSnapshotSchema>;
