// A fingerprint of a source's credentials (brand, App ID, App Secret) that a connectivity test
// result is stored with, so a result is known to belong to the credentials in use. Keyed with a
// key derived from the master key: the fingerprint reveals nothing about the secret, not even
// to someone guessing secrets offline against a database dump.
import { createHmac } from 'node:crypto';
import type { SecretBox } from '../security/secret-box.ts';

export function credentialsFingerprint(
  box: SecretBox,
  credentials: { brand: string; appId: string; appSecret: string },
): string {
  return createHmac('sha256', box.deriveKey('gatehouse credentials fingerprint v1'))
    .update(`${credentials.brand}\u0000${credentials.appId}\u0000${credentials.appSecret}`)
    .digest('base64url')
    .slice(0, 22);
}
