// Encrypts the secrets an admin enters (App Secret, Encrypt Key, Verification Token) for storage:
// AES-256-GCM, a fresh 96-bit nonce each time, and associated data naming the row and field, so
// a ciphertext copied into another row or column fails to decrypt instead of leaking there.
// Stored form: "v1.<keyId>.<base64url(nonce | ciphertext | tag)>".
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const NONCE = 12;
const TAG = 16;

export class SecretBox {
  readonly keyId: string;
  readonly #key: Buffer;
  readonly #masterKey: Buffer;

  constructor(masterKey: Uint8Array) {
    if (masterKey.length !== 32) throw new RangeError('the master key must be 32 bytes');
    this.#masterKey = Buffer.from(masterKey);
    this.#key = this.deriveKey('gatehouse secret-box v1');
    this.keyId = createHash('sha256').update(this.#masterKey).digest('hex').slice(0, 8);
  }

  /** A purpose-bound 32-byte key (CSRF tokens, ...), independent of the encryption key. */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#masterKey, Buffer.alloc(0), purpose, 32));
  }

  encrypt(plaintext: string, context: string): string {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1.${this.keyId}.${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  decrypt(stored: string, context: string): string {
    const [version, keyId, payload] = stored.split('.');
    if (version !== 'v1' || !payload) throw new Error('unknown secret format');
    if (keyId !== this.keyId) {
      throw new Error(
        `secret was encrypted under master key ${keyId}, the current key is ${this.keyId}`,
      );
    }
    const raw = Buffer.from(payload, 'base64url');
    if (raw.length < NONCE + TAG) throw new Error('secret ciphertext is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, NONCE));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG));
    return Buffer.concat([
      decipher.update(raw.subarray(NONCE, raw.length - TAG)),
      decipher.final(),
    ]).toString('utf8');
  }
}
