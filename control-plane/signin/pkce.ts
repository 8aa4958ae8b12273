// PKCE (S256) on both legs of the broker: checking the client's verifier against the challenge
// it registered, and the broker's own verifier toward Feishu, derived from the state with an
// HMAC so nothing needs storing (only the state's digest is stored).
import { createHash, createHmac } from 'node:crypto';
import { safeEqual } from '../security/tokens.ts';

export const s256 = (verifier: string): string =>
  createHash('sha256').update(verifier).digest('base64url');

/** Constant-time check of a verifier against a stored S256 challenge. */
export const verifierMatches = (verifier: string, challenge: string): boolean =>
  safeEqual(s256(verifier), challenge);

/** The broker's PKCE verifier for one Feishu authorization (43 base64url characters). */
export const feishuVerifier = (key: Buffer, state: string): string =>
  createHmac('sha256', key).update(`feishu-pkce:${state}`).digest('base64url');
