// The platform's event crypto (reference 6.2, 6.3): AES-256-CBC with key = SHA-256(Encrypt Key),
// a random IV sent in front of the ciphertext, PKCS7 padding, base64; and the request signature
// hex(sha256(timestamp + nonce + encryptKey + rawBody)) over the exact body bytes sent.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const keyOf = (encryptKey: string): Buffer =>
  createHash('sha256').update(encryptKey, 'utf8').digest();

/** base64(iv || AES-256-CBC(plaintext)); a fresh random IV each time. */
export function encryptEvent(plaintext: string, encryptKey: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', keyOf(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** The inverse of encryptEvent; throws on a wrong key or a damaged payload. */
export function decryptEvent(encrypted: string, encryptKey: string): string {
  const buf = Buffer.from(encrypted, 'base64');
  if (buf.length < 32 || buf.length % 16 !== 0) throw new Error('encrypted payload has a bad size');
  const decipher = createDecipheriv('aes-256-cbc', keyOf(encryptKey), buf.subarray(0, 16));
  return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
}

export function signEvent(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: string,
): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + rawBody, 'utf8')
    .digest('hex');
}

/** Request nonce: the platform's look is not documented; 16 random alphanumerics here. */
export function eventNonce(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(16);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
