// The keys access tokens are signed with (Ed25519, "EdDSA"). Private halves are stored
// encrypted under the master key (associated data names the key id); public halves are
// published as a JWKS. One key is active at a time (a partial unique index says so across
// replicas); rotating retires it, and a retired key stays published until every token it signed
// has expired. Each replica caches the keys and re-reads them every minute, or at once when a
// token names a key id it does not know (a key another replica just made).
import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { exportJWK, exportPKCS8, generateKeyPair, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { uniqueViolation } from '../storage/db-errors.ts';
import { json, type Database } from '../storage/schema.ts';
import '../storage/session-tables.ts';

export const SIGNING_ALG = 'EdDSA';
const RELOAD_MS = 60_000;
const MISS_RELOAD_MS = 2_000;

// Node KeyObjects, not WebCrypto keys: signing with one is a synchronous call, where a
// CryptoKey goes through an async crypto job each time (a few times slower per token).
type SigningKey = KeyObject;

export interface SigningKeyRef {
  kid: string;
  key: KeyObject;
}

interface CachedKey {
  kid: string;
  status: 'active' | 'retired';
  createdAt: Date;
  publishUntil: Date | null;
  publicJwk: JWK;
  publicKey: KeyObject;
  privateEnc: string;
  privateKey?: SigningKey;
}

export interface KeyRingOptions {
  db: Kysely<Database>;
  clock: Clock;
  secretBox: SecretBox;
  /** Rotate automatically once the active key is this old. */
  rotationMs: number;
  /** How long a retired key stays published: the access token lifetime plus a margin. */
  retiredPublishMs: number;
}

export interface KeyRing {
  /** The active key (made or rotated on demand). */
  signingKey(): Promise<{ kid: string; key: SigningKey }>;
  /** A key by id, or undefined (never throws for an unknown id). */
  signingKeyById(kid: string): Promise<{ kid: string; key: SigningKey } | undefined>;
  verificationKey(kid: string): Promise<KeyObject | undefined>;
  jwks(): Promise<{ keys: JWK[] }>;
  /** Retires the active key and makes a new one; returns the new key id. */
  rotate(): Promise<string>;
  list(): Promise<{ kid: string; status: string; created_at: Date; publish_until: Date | null }[]>;
}

const context = (kid: string) => `signing_key:${kid}`;

export function createKeyRing(options: KeyRingOptions): KeyRing {
  const { db, clock, secretBox } = options;
  let cache = new Map<string, CachedKey>();
  let loadedAt = -Infinity;
  let lastMissReload = -Infinity;
  let loading: Promise<void> | undefined;

  async function load(): Promise<void> {
    const now = clock.now();
    const rows = await db
      .selectFrom('signing_keys')
      .selectAll()
      .where((eb) => eb.or([eb('status', '=', 'active'), eb('publish_until', '>', now)]))
      .execute();
    const next = new Map<string, CachedKey>();
    for (const r of rows) {
      const known = cache.get(r.kid);
      const publicJwk = r.public_jwk as JWK;
      next.set(r.kid, {
        kid: r.kid,
        status: r.status,
        createdAt: r.created_at,
        publishUntil: r.publish_until,
        publicJwk,
        publicKey: known?.publicKey ?? createPublicKey({ key: publicJwk as never, format: 'jwk' }),
        privateEnc: r.private_key_enc,
        ...(known?.privateKey ? { privateKey: known.privateKey } : {}),
      });
    }
    cache = next;
    loadedAt = Date.now();
  }

  async function reload(): Promise<void> {
    loading ??= load().finally(() => (loading = undefined));
    return loading;
  }

  async function fresh(): Promise<void> {
    if (Date.now() - loadedAt > RELOAD_MS) await reload();
  }

  async function privateOf(k: CachedKey): Promise<SigningKey> {
    k.privateKey ??= createPrivateKey(secretBox.decrypt(k.privateEnc, context(k.kid)));
    return k.privateKey;
  }

  async function insertKey(trx: Kysely<Database>): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, {
      crv: 'Ed25519',
      extractable: true,
    });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
    await trx
      .insertInto('signing_keys')
      .values({
        kid,
        alg: SIGNING_ALG,
        public_jwk: json(publicJwk),
        private_key_enc: secretBox.encrypt(await exportPKCS8(privateKey), context(kid)),
        status: 'active',
        created_at: clock.now(),
        retired_at: null,
        publish_until: null,
      })
      .execute();
    return kid;
  }

  /** Makes the first key, or replaces `retiring` (another replica may win either race). */
  async function makeActive(retiring?: string): Promise<void> {
    try {
      await db.transaction().execute(async (trx) => {
        if (retiring) {
          const now = clock.now();
          const r = await trx
            .updateTable('signing_keys')
            .set({
              status: 'retired',
              retired_at: now,
              publish_until: new Date(now.getTime() + options.retiredPublishMs),
            })
            .where('kid', '=', retiring)
            .where('status', '=', 'active')
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) === 0) return;
        }
        await insertKey(trx);
      });
    } catch (err) {
      if (uniqueViolation(err) === undefined) throw err;
    }
    await reload();
  }

  const active = () => [...cache.values()].find((k) => k.status === 'active');

  async function activeKey(): Promise<CachedKey> {
    await fresh();
    let k = active();
    if (!k) {
      await makeActive();
      k = active();
    } else if (clock.now().getTime() - k.createdAt.getTime() >= options.rotationMs) {
      await makeActive(k.kid);
      k = active();
    }
    if (!k) throw new Error('no active signing key after creating one');
    return k;
  }

  async function byId(kid: string): Promise<CachedKey | undefined> {
    await fresh();
    let k = cache.get(kid);
    if (!k && Date.now() - lastMissReload > MISS_RELOAD_MS) {
      lastMissReload = Date.now();
      await reload();
      k = cache.get(kid);
    }
    return k;
  }

  return {
    async signingKey() {
      const k = await activeKey();
      return { kid: k.kid, key: await privateOf(k) };
    },
    async signingKeyById(kid) {
      const k = await byId(kid);
      return k ? { kid: k.kid, key: await privateOf(k) } : undefined;
    },
    async verificationKey(kid) {
      const k = await byId(kid);
      if (!k) return undefined;
      if (k.status === 'retired' && k.publishUntil && k.publishUntil <= clock.now())
        return undefined;
      return k.publicKey;
    },
    async jwks() {
      await activeKey();
      const now = clock.now();
      return {
        keys: [...cache.values()]
          .filter((k) => k.status === 'active' || (k.publishUntil && k.publishUntil > now))
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
          .map((k) => k.publicJwk),
      };
    },
    async rotate() {
      const current = await activeKey();
      await makeActive(current.kid);
      const k = active();
      if (!k) throw new Error('no active signing key after rotation');
      return k.kid;
    },
    async list() {
      return db
        .selectFrom('signing_keys')
        .select(['kid', 'status', 'created_at', 'publish_until'])
        .orderBy('created_at', 'desc')
        .limit(100)
        .execute();
    },
  };
}
