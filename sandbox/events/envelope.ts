// The v2 event envelope (reference 6.4) and how it travels: compact JSON (the Node SDK
// re-serializes the parsed body to check the signature, so only compact JSON verifies there as
// well as with a raw-body verifier), encrypted as {"encrypt": ...} when the app has an Encrypt
// Key, signed over the exact body bytes.
import { randomHex } from '../org/ids.ts';
import type { Json } from '../org/render.ts';
import type { SandboxApp } from '../org/types.ts';
import { encryptEvent, eventNonce, signEvent } from './crypto.ts';

export interface EventHeader {
  event_id: string;
  event_type: string;
  /** Milliseconds since the epoch, as a string. */
  create_time: string;
  token: string;
  app_id: string;
  tenant_key: string;
}

export interface EventEnvelope {
  schema: '2.0';
  header: EventHeader;
  event: Json;
}

export function envelope(
  app: SandboxApp,
  eventType: string,
  event: Json,
  now: number,
): EventEnvelope {
  return {
    schema: '2.0',
    header: {
      event_id: randomHex(16),
      event_type: eventType,
      create_time: String(now),
      token: app.verificationToken,
      app_id: app.appId,
      tenant_key: app.tenantKey,
    },
    event,
  };
}

export interface WireRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * The body and headers of one push. X-Lark-Request-Timestamp is sent in seconds: the unit is
 * UNCONFIRMED (reference 6.3), the choice is written down in sandbox/README.md.
 */
export function wireRequest(app: SandboxApp, payload: object, nowMs: number): WireRequest {
  const plain = JSON.stringify(payload);
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = eventNonce();
  if (!app.encryptKey) {
    return {
      body: plain,
      headers: { 'X-Lark-Request-Timestamp': timestamp, 'X-Lark-Request-Nonce': nonce },
    };
  }
  const body = JSON.stringify({ encrypt: encryptEvent(plain, app.encryptKey) });
  return {
    body,
    headers: {
      'X-Lark-Request-Timestamp': timestamp,
      'X-Lark-Request-Nonce': nonce,
      'X-Lark-Signature': signEvent(timestamp, nonce, app.encryptKey, body),
    },
  };
}
