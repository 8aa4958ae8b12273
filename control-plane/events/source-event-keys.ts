// The event keys of a source (App ID, Encrypt Key, Verification Token, status), decrypted once
// and kept for a few seconds with the AES key derived from the Encrypt Key: at a thousand events
// a second, a database read, an AES-GCM decryption and a key derivation per push add up. A push that fails verification against cached keys is checked once
// more against fresh ones, so a key changed in the console takes effect at once.
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { decryptSourceSecrets } from '../identity-sources/source-secrets.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { getSourceById } from '../storage/repositories/identity-sources.ts';
import type { Database } from '../storage/schema.ts';
import { sourceEventKeys, type SourceEventKeys } from './event-verification.ts';

export interface SourceEventInfo extends SourceEventKeys {
  sourceId: string;
  tenantId: string;
  status: 'enabled' | 'closed';
}

export interface CachedKeys {
  info: SourceEventInfo | undefined;
  /** Read from the database just now (no point in reading again). */
  fresh: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SourceEventKeyCache {
  get(sourceId: string, options?: { fresh?: boolean }): Promise<CachedKeys>;
}

export function createSourceEventKeyCache(deps: {
  db: Kysely<Database>;
  secretBox: SecretBox;
  clock: Clock;
  ttlMs?: number;
  maxEntries?: number;
}): SourceEventKeyCache {
  const ttlMs = deps.ttlMs ?? 5_000;
  const maxEntries = deps.maxEntries ?? 10_000;
  const entries = new Map<string, { info: SourceEventInfo; until: number }>();

  async function load(sourceId: string): Promise<SourceEventInfo | undefined> {
    const row = await getSourceById(deps.db, sourceId);
    if (!row) return undefined;
    const secrets = decryptSourceSecrets(deps.secretBox, row);
    return {
      sourceId: row.id,
      tenantId: row.tenant_id,
      status: row.status,
      ...sourceEventKeys({
        appId: row.app_id,
        encryptKey: secrets.encryptKey,
        verificationToken: secrets.verificationToken,
      }),
    };
  }

  return {
    async get(sourceId, options = {}) {
      // Unknown and malformed ids are answered alike, without a database round trip.
      if (!UUID.test(sourceId)) return { info: undefined, fresh: true };
      const key = sourceId.toLowerCase();
      const now = deps.clock.now().getTime();
      const hit = entries.get(key);
      if (hit && hit.until > now && !options.fresh) return { info: hit.info, fresh: false };
      const info = await load(key);
      entries.delete(key);
      // A miss is not remembered: a source created a moment ago must answer its challenge.
      if (info) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(key, { info, until: now + ttlMs });
      }
      return { info, fresh: true };
    },
  };
}
