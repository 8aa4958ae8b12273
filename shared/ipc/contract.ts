// The one typed IPC contract between renderer and main. Each channel declares its request and
// response schema; main parses requests with them, the preload exposes exactly these channels.
// Commands answer with a result: { ok: true, value } or { ok: false, error } (code, message and
// fix in the effective language), so the renderer never has to parse an exception's text.
// Every state change is also pushed as the 'state:changed' event carrying the full snapshot.
import { z } from 'zod';
import type { IpcChannel, IpcEvent } from './channels.ts';
import { deniedDecisionViewSchema } from './proxy-views.ts';
import { appStateSnapshotSchema, errorViewSchema, languageSchema } from './state.ts';
import type { ErrorView } from './state.ts';

export const resultOf = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: errorViewSchema }),
  ]);

const empty = z.object({}).strict();
const snapshotResult = resultOf(appStateSnapshotSchema);
export const MAX_DENIED_DECISIONS = 50;
const deniedList = z.object({ decisions: z.array(deniedDecisionViewSchema) });

export const ipcContract = {
  'app:get-info': {
    request: empty,
    response: z.object({ version: z.string(), platform: z.string(), locale: z.string() }),
  },
  /** The current snapshot (call once at start, then follow 'state:changed'). */
  'state:get': { request: empty, response: snapshotResult },
  /** Looks everything up again: discovery, session, entitlements, push stream. */
  'state:refresh': { request: empty, response: snapshotResult },
  /** Validates the ID (format, then discovery) and remembers it. Refused when locked. */
  'enrollment:enroll': {
    request: z.object({ enterprise_id: z.string().min(1).max(64) }).strict(),
    response: snapshotResult,
  },
  /** Forgets the enterprise ID (signs out first) to enter another one. Refused when locked. */
  'enrollment:reset': { request: empty, response: snapshotResult },
  'sign-in:choose-source': {
    request: z.object({ source_id: z.string().min(1).max(128) }).strict(),
    response: snapshotResult,
  },
  /**
   * Starts a system-browser sign-in with the given (or selected) source; a running attempt is
   * replaced. Answers once the page is open; the outcome arrives as state changes.
   */
  'sign-in:start-browser': {
    request: z.object({ source_id: z.string().min(1).max(128).optional() }).strict(),
    response: resultOf(z.object({ authorize_url: z.string() })),
  },
  /** Opens the running attempt's sign-in page in the browser again. */
  'sign-in:reopen-browser': { request: empty, response: resultOf(z.object({})) },
  /**
   * Starts a QR sign-in (the source must have qr_login). Main shows the QR page in its
   * sandboxed view; under the browser bridge it opens in a new tab (it refuses framing).
   */
  'sign-in:start-qr': {
    request: z.object({ source_id: z.string().min(1).max(128).optional() }).strict(),
    response: resultOf(z.object({ qr_url: z.string() })),
  },
  'sign-in:cancel': { request: empty, response: snapshotResult },
  /** Leaves the error (or revoked / signed_out) screen for the sign-in screen. */
  'sign-in:dismiss-error': { request: empty, response: snapshotResult },
  /** Ends the session on the server and empties the keychain. Refused when IT forbids it. */
  'session:sign-out': { request: empty, response: snapshotResult },
  'settings:set-language': {
    request: z.object({ language: languageSchema }).strict(),
    response: snapshotResult,
  },
  /** An https URL (http only for loopback), or null for the default. Refused when locked. */
  'settings:set-control-plane-url': {
    request: z.object({ url: z.string().max(2048).nullable() }).strict(),
    response: snapshotResult,
  },
  'settings:set-auto-start': {
    request: z.object({ enabled: z.boolean() }).strict(),
    response: snapshotResult,
  },
  /**
   * Opens an application of the current entitlements at its portal_url (http/https only) in
   * the system browser (a new tab under the bridge). Refused for an unknown id or no URL.
   */
  'apps:open': {
    request: z.object({ app_id: z.string().min(1).max(128) }).strict(),
    response: resultOf(z.object({})),
  },
  /**
   * The local proxy's latest denied decisions, newest first (a repeat counts up instead of
   * adding a line): destination, application, policy, reason, time. 'proxy:denied' pushes them.
   */
  'proxy:recent-denied': {
    request: z
      .object({ limit: z.number().int().min(1).max(MAX_DENIED_DECISIONS).optional() })
      .strict(),
    response: resultOf(deniedList),
  },
} as const satisfies Record<IpcChannel, { request: z.ZodType; response: z.ZodType }>;

export const ipcEventContract = {
  'state:changed': appStateSnapshotSchema,
  /** The latest denied decisions (as 'proxy:recent-denied' answers), at most a few times a second. */
  'proxy:denied': deniedList,
} as const satisfies Record<IpcEvent, z.ZodType>;

export type { IpcChannel, IpcEvent };
export type IpcRequest<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['response']>;
export type IpcEventPayload<E extends IpcEvent> = z.output<(typeof ipcEventContract)[E]>;
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorView };
export type { AppStateSnapshot, ErrorView } from './state.ts';
export type { DeniedDecisionView } from './proxy-views.ts';

/** The API the preload (or the browser bridge's shim) exposes on window.gatehouse. */
export type GatehouseApi = {
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>>;
  /** Subscribes to a main -> renderer event; returns the unsubscribe function. */
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
};
