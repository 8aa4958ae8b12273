// Random identifiers and their digests: session tokens (only their SHA-256 is stored),
// CSRF tokens (an HMAC of the session token, so nothing more is stored and /auth/me can
// hand the same one back after a page reload) and enterprise verification IDs.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { verificationIdFromBytes } from '../../shared/domain/verification-id.ts';

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export const sha256Hex = (value: string): string =>
  createHash('sha256').update(value).digest('hex');

export const newVerificationId = (): string => verificationIdFromBytes(randomBytes(16));

export function csrfTokenFor(key: Buffer, sessionToken: string): string {
  return createHmac('sha256', key).update(`csrf:${sessionToken}`).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
