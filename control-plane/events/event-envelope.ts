// What a Feishu/Lark push may contain once decrypted (reference 6.1, 6.4): a url_verification
// challenge, a v2 event envelope (schema "2.0", what contact v3 events use) or a legacy v1
// callback. Parsed from `unknown`; anything else is garbage. The verification token is taken
// out here so it is compared and then forgotten, never stored with the event.
import { z } from 'zod';

const id = z.string().min(1).max(128);

const challengeSchema = z.object({
  type: z.literal('url_verification'),
  challenge: z.string().min(1).max(512),
  token: z.string().max(512).optional(),
});

const v2Schema = z.object({
  schema: z.literal('2.0'),
  header: z
    .object({
      event_id: id,
      event_type: id,
      create_time: z
        .string()
        .regex(/^\d{1,20}$/)
        .optional(),
      token: z.string().max(512).optional(),
      app_id: z.string().max(128).optional(),
      tenant_key: z.string().max(128).optional(),
    })
    .loose(),
  event: z.record(z.string(), z.unknown()),
});

const v1Schema = z.object({
  uuid: id,
  token: z.string().max(512).optional(),
  ts: z.string().max(64).optional(),
  type: z.literal('event_callback'),
  event: z
    .object({
      type: id,
      app_id: z.string().max(128).optional(),
      tenant_key: z.string().max(128).optional(),
    })
    .loose(),
});

export interface ChallengeRequest {
  kind: 'challenge';
  challenge: string;
  token: string | undefined;
}

export interface EventRequest {
  kind: 'event';
  eventId: string;
  eventType: string;
  /** When Feishu created the event (header.create_time), if it said. */
  createdAt: Date | undefined;
  token: string | undefined;
  appId: string | undefined;
  /** The envelope without its token: what the inbox stores. */
  payload: Record<string, unknown>;
}

export type ParsedPush = ChallengeRequest | EventRequest;

/**
 * header.create_time is documented as a millisecond string, but an example in the docs has 16
 * digits; read 10 digits as seconds and 16 as microseconds, anything else as milliseconds.
 */
export function createTimeOf(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) return undefined;
  const ms = value.length <= 10 ? n * 1000 : value.length >= 16 ? Math.floor(n / 1000) : n;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Reads a decrypted push; undefined when it is none of the known shapes. */
export function parsePush(body: unknown): ParsedPush | undefined {
  // Each shape is tried only when its marker field says so: a failed zod parse builds an error
  // with a stack, and every push paid for one (the challenge schema tried first) before this.
  const marked = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (marked.type === 'url_verification') {
    const challenge = challengeSchema.safeParse(body);
    if (challenge.success)
      return {
        kind: 'challenge',
        challenge: challenge.data.challenge,
        token: challenge.data.token,
      };
  }
  if (marked.schema === '2.0') {
    const v2 = v2Schema.safeParse(body);
    if (v2.success) {
      const { token, ...header } = v2.data.header;
      return {
        kind: 'event',
        eventId: header.event_id,
        eventType: header.event_type,
        createdAt: createTimeOf(header.create_time),
        token,
        appId: header.app_id,
        payload: { ...(body as Record<string, unknown>), header },
      };
    }
  }
  if (marked.type !== 'event_callback') return undefined;
  const v1 = v1Schema.safeParse(body);
  if (!v1.success) return undefined;
  const { token, ...rest } = body as Record<string, unknown>;
  void token;
  const ts = v1.data.ts ? Number(v1.data.ts) : NaN;
  return {
    kind: 'event',
    eventId: v1.data.uuid,
    eventType: v1.data.event.type,
    createdAt: Number.isFinite(ts) && ts > 0 ? new Date(Math.round(ts * 1000)) : undefined,
    token: v1.data.token,
    appId: v1.data.event.app_id,
    payload: rest,
  };
}
