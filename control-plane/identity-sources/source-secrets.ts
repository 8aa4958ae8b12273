// Encryption of a source's secrets at rest. The associated data binds each ciphertext to its
// source and field. Decryption is for the code that talks to Feishu (connectivity test, sync,
// event endpoint, login broker), never for an API answer.
import type { SecretBox } from '../security/secret-box.ts';
import type { IdentitySourceRow } from '../storage/schema.ts';

export type SourceSecretField = 'app_secret' | 'encrypt_key' | 'verification_token';

const context = (sourceId: string, field: SourceSecretField) =>
  `identity_source:${sourceId}:${field}`;

export const encryptSourceSecret = (
  box: SecretBox,
  sourceId: string,
  field: SourceSecretField,
  value: string,
): string => box.encrypt(value, context(sourceId, field));

export interface SourceSecrets {
  appSecret: string;
  encryptKey: string | null;
  verificationToken: string | null;
}

export function decryptSourceSecrets(box: SecretBox, row: IdentitySourceRow): SourceSecrets {
  return {
    appSecret: box.decrypt(row.app_secret_enc, context(row.id, 'app_secret')),
    encryptKey:
      row.encrypt_key_enc === null
        ? null
        : box.decrypt(row.encrypt_key_enc, context(row.id, 'encrypt_key')),
    verificationToken:
      row.verification_token_enc === null
        ? null
        : box.decrypt(row.verification_token_enc, context(row.id, 'verification_token')),
  };
}
