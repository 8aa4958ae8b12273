// The event keys of a source (App ID, Encrypt Key, Verification Token, status), decrypted once
// and kept for a few seconds with the AES key derived from the Encrypt Key: at a thousand events
// a second, a database read, an AES-GCM decryption and a key derivation per push add up. One
// read per source at a time, renewed in the background before the entry lapses. A push that
// fails verification against cached keys is checked once more against fresh ones, so a key
// changed in the console takes effect at once.
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
  // From here on an entry is read again in the background, while it is still served.
  const refreshAfterMs = ttlMs * 0.8;
  const maxEntries = deps.maxEntries ?? 10_000;
  const entries = new Map<string, { info: SourceEventInfo; refreshAt: number; until: number }>();
  const loading = new Map<string, Promise<SourceEventInfo | undefined>>();

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

  /** Keeps what a read that started at `readAt` found (its age counts from then). */
  function remember(key: string, info: SourceEventInfo | undefined, readAt: number): void {
    entries.delete(key);
    // A miss is not remembered: a source created a moment ago must answer its challenge.
    if (!info) return;
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, { info, refreshAt: readAt + refreshAfterMs, until: readAt + ttlMs });
  }

  /**
   * One read per source at a time: when an entry lapsed, every push arriving during the read
   * used to start its own (at 1,000 pushes a second, a dozen reads and secret decryptions at
   * once, which took the pool's connections from the inbox writer).
   */
  function loadShared(key: string): Promise<SourceEventInfo | undefined> {
    let pending = loading.get(key);
    if (!pending) {
      const readAt = deps.clock.now().getTime();
      pending = load(key)
        .then((info) => {
          remember(key, info, readAt);
          return info;
        })
        .finally(() => loading.delete(key));
      loading.set(key, pending);
    }
    return pending;
  }

  return {
    async get(sourceId, options = {}) {
      // Unknown and malformed ids are answered alike, without a database round trip.
      if (!UUID.test(sourceId)) return { info: undefined, fresh: true };
      const key = sourceId.toLowerCase();
      const now = deps.clock.now().getTime();
      if (options.fresh) {
        // After a failed verification: a read of its own, started now, never one begun earlier.
        const info = await load(key);
        remember(key, info, now);
        return { info, fresh: true };
      }
      const hit = entries.get(key);
      if (hit && hit.until > now) {
        // Steady traffic never waits for the database: the entry is renewed before it lapses.
        // A failed renewal is forgotten; the entry then lapses and the next push reads itself.
        if (now >= hit.refreshAt && !loading.has(key)) loadShared(key).catch(() => {});
        return { info: hit.info, fresh: false };
      }
      return { info: await loadShared(key), fresh: true };
    },
  };
}
