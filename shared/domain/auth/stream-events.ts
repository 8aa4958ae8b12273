// The push stream (SSE at GET /api/v1/session/stream). Each event has an id (a sequence
// number, for Last-Event-ID resume), a type and a JSON body; heartbeats carry no id.
import { z } from 'zod';
import type { ErrorCode } from '../errors/catalog.ts';

export const SESSION_REVOKED_REASONS = [
  'logout',
  'admin',
  'user_disabled',
  'source_closed',
  'tenant_suspended',
  'refresh_reuse',
  'device_mismatch',
  'expired',
  'deleted',
] as const;
export const sessionRevokedReasonSchema = z.enum(SESSION_REVOKED_REASONS);
export type SessionRevokedReason = z.infer<typeof sessionRevokedReasonSchema>;

/** The catalog error a client shows for each reason (shared/domain/errors/sessions.ts). */
export const REVOKED_REASON_ERROR = {
  logout: 'SESSION_SIGNED_OUT',
  admin: 'SESSION_REVOKED_BY_ADMIN',
  user_disabled: 'SESSION_USER_DISABLED',
  source_closed: 'SESSION_SOURCE_CLOSED',
  tenant_suspended: 'SESSION_TENANT_SUSPENDED',
  refresh_reuse: 'TOKEN_REFRESH_REUSED',
  device_mismatch: 'TOKEN_DEVICE_MISMATCH',
  expired: 'SESSION_EXPIRED',
  deleted: 'SESSION_NOT_FOUND',
} as const satisfies Record<SessionRevokedReason, ErrorCode>;

export const sessionRevokedEventSchema = z.object({
  type: z.literal('session-revoked'),
  session_id: z.uuid(),
  reason: sessionRevokedReasonSchema,
  /** A catalog error code the client can show with its fix. */
  error_code: z.string(),
  at: z.iso.datetime({ offset: true }),
});

export const entitlementsChangedEventSchema = z.object({
  type: z.literal('entitlements-changed'),
  session_id: z.uuid(),
  entitlement_version: z.number().int().nonnegative(),
  at: z.iso.datetime({ offset: true }),
});

export const sourceClosedEventSchema = z.object({
  type: z.literal('source-closed'),
  session_id: z.uuid(),
  source_id: z.uuid(),
  at: z.iso.datetime({ offset: true }),
});

export const streamEventSchema = z.discriminatedUnion('type', [
  sessionRevokedEventSchema,
  entitlementsChangedEventSchema,
  sourceClosedEventSchema,
]);

export const heartbeatSchema = z.object({ at: z.iso.datetime({ offset: true }) });

export type StreamEvent = z.infer<typeof streamEventSchema>;
export type StreamEventType = StreamEvent['type'];
export const STREAM_EVENT_TYPES: StreamEventType[] = [
  'session-revoked',
  'entitlements-changed',
  'source-closed',
];
/** Event name of a heartbeat (no id, so it does not move Last-Event-ID). */
export const HEARTBEAT_EVENT = 'heartbeat';
