// Decides whether a push to a source's event URL is genuine, before anything is stored. Pure:
// raw body, headers, the source's keys and the time in; the parsed push out, or an AppError.
//
// Rules (reference 6.1-6.3; the replay window is ours, the platform documents none):
// - The source must have a Verification Token; every push must carry it (header.token for v2,
//   token for v1 and the challenge).
// - With an Encrypt Key, the body must be {"encrypt": ...}. Events must be signed:
//   X-Lark-Signature = hex(sha256(timestamp + nonce + encryptKey + rawBody)) over the raw bytes,
//   and X-Lark-Request-Timestamp (seconds) within the replay window of our clock. A challenge
//   is checked the same way when it is signed; an unsigned one is accepted on its token, as the
//   official SDKs do (the token inside proves the sender also holds the Encrypt Key).
// - Without an Encrypt Key, an encrypted body is refused (we cannot read it).
// - A v2 event naming another app_id than the source's is refused.
// - An event the database could not store (U+0000 or a lone surrogate in a string) is garbage.
import { AppError } from '../../shared/domain/errors/index.ts';
import type { KeyObject } from 'node:crypto';
import {
  decryptEventPayload,
  eventDecryptionKey,
  eventSignature,
  sameSecret,
} from './event-crypto.ts';
import { parsePush, type ParsedPush } from './event-envelope.ts';

export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

export interface SourceEventKeys {
  appId: string;
  encryptKey: string | null;
  /** The AES key of encryptKey (eventDecryptionKey); null exactly when encryptKey is. */
  decryptionKey: KeyObject | null;
  verificationToken: string | null;
}

/** A source's keys as verifyPush takes them, the AES key derived once for every later push. */
export function sourceEventKeys(keys: Omit<SourceEventKeys, 'decryptionKey'>): SourceEventKeys {
  return {
    ...keys,
    decryptionKey: keys.encryptKey ? eventDecryptionKey(keys.encryptKey) : null,
  };
}

export interface PushHeaders {
  timestamp?: string;
  nonce?: string;
  signature?: string;
}

export interface VerifyOptions {
  nowMs: number;
  replayWindowSeconds?: number;
}

const MAX_HEADER = 256;

/**
 * In JSON.stringify's output, an escape (its backslash not itself escaped) of U+0000 or of a lone
 * surrogate: JSON allows both, PostgreSQL's jsonb stores neither (the insert would fail).
 */
const UNSTORABLE_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/;

/**
 * Whether the payload parsed from `text` can be stored. JSON text carries neither character but
 * as a \u escape (a raw U+0000 is not valid JSON; UTF-8 decoding never yields a lone surrogate),
 * so only a push with one is serialised to be looked at.
 */
const storable = (text: string, payload: unknown): boolean =>
  !text.includes('\\u') || !UNSTORABLE_ESCAPE.test(JSON.stringify(payload));

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('EVENT_BODY_INVALID');
  }
}

/** Seconds per the sandbox and the SDKs; a 13-digit value is read as milliseconds. */
function timestampMs(value: string): number | undefined {
  if (!/^\d{1,16}$/.test(value)) return undefined;
  const n = Number(value);
  return value.length >= 13 ? n : n * 1000;
}

function checkSignature(
  headers: PushHeaders,
  rawBody: Buffer,
  encryptKey: string,
  options: VerifyOptions,
): void {
  const { timestamp, nonce, signature } = headers;
  if (!timestamp || !nonce || !signature) throw new AppError('EVENT_SIGNATURE_MISSING');
  if (timestamp.length > MAX_HEADER || nonce.length > MAX_HEADER || signature.length > MAX_HEADER)
    throw new AppError('EVENT_SIGNATURE_INVALID');
  const expected = eventSignature(timestamp, nonce, encryptKey, rawBody);
  if (!sameSecret(signature.toLowerCase(), expected)) throw new AppError('EVENT_SIGNATURE_INVALID');
  const windowSeconds = options.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
  const at = timestampMs(timestamp);
  if (at === undefined || Math.abs(options.nowMs - at) > windowSeconds * 1000)
    throw new AppError('EVENT_TIMESTAMP_STALE', { params: { windowSeconds } });
}

const hasSignature = (h: PushHeaders) => Boolean(h.timestamp || h.nonce || h.signature);

export function verifyPush(
  rawBody: Buffer,
  headers: PushHeaders,
  keys: SourceEventKeys,
  options: VerifyOptions,
): ParsedPush {
  if (!keys.verificationToken) throw new AppError('EVENT_NOT_CONFIGURED');
  const text = rawBody.toString('utf8');
  const outer = parseJson(text);
  const encrypted =
    typeof outer === 'object' && outer !== null && !Array.isArray(outer) && 'encrypt' in outer
      ? (outer as { encrypt: unknown }).encrypt
      : undefined;

  let push: ParsedPush | undefined;
  let inner = text;
  if (encrypted !== undefined) {
    if (!keys.encryptKey || !keys.decryptionKey) throw new AppError('EVENT_ENCRYPT_KEY_NOT_SET');
    if (typeof encrypted !== 'string' || encrypted.length === 0)
      throw new AppError('EVENT_BODY_INVALID');
    const signed = hasSignature(headers);
    if (signed) checkSignature(headers, rawBody, keys.encryptKey, options);
    let plaintext: string;
    try {
      plaintext = decryptEventPayload(encrypted, keys.decryptionKey);
    } catch {
      throw new AppError('EVENT_DECRYPTION_FAILED');
    }
    inner = plaintext;
    push = parsePush(parseJson(plaintext));
    if (!push) throw new AppError('EVENT_BODY_INVALID');
    if (!signed && push.kind !== 'challenge') throw new AppError('EVENT_SIGNATURE_MISSING');
  } else {
    if (keys.encryptKey) {
      // Garbage stays garbage; a readable push that should have been encrypted says so.
      if (!parsePush(outer)) throw new AppError('EVENT_BODY_INVALID');
      throw new AppError('EVENT_ENCRYPTION_EXPECTED');
    }
    push = parsePush(outer);
    if (!push) throw new AppError('EVENT_BODY_INVALID');
  }

  if (!push.token || !sameSecret(push.token, keys.verificationToken))
    throw new AppError('EVENT_TOKEN_INVALID');
  if (push.kind === 'event' && push.appId !== undefined && push.appId !== keys.appId)
    throw new AppError('EVENT_APP_MISMATCH');
  if (push.kind === 'event' && !storable(inner, push.payload))
    throw new AppError('EVENT_BODY_INVALID');
  return push;
}
