import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSourceEventKeyCache } from '../../../../control-plane/events/source-event-keys.ts';
import { createSourceService } from '../../../../control-plane/identity-sources/source-service.ts';
import { SecretBox } from '../../../../control-plane/security/secret-box.ts';
import type { Database } from '../../../../control-plane/storage/schema.ts';
import { engines, type TestDatabase } from '../../../fixtures/db.ts';
import {
  createEventSource,
  systemContext,
  type EventSource,
} from '../../../fixtures/event-source.ts';
import { ManualClock } from '../../../fixtures/manual-clock.ts';

describe.each(engines)('source event keys cache on $name', (engine) => {
  let database: TestDatabase;
  const secretBox = new SecretBox(randomBytes(32));
  const clock = new ManualClock(Date.UTC(2026, 2, 10, 5, 30, 0));
  let s: EventSource;
  let reads = 0;
  /** The database, counting the statements the cache sends it. */
  let counted: Kysely<Database>;

  beforeAll(async () => {
    database = await engine.open();
    s = await createEventSource(database.db, secretBox, clock);
    counted = database.db.withPlugin({
      transformQuery: (args) => {
        reads++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('reads a source once for the pushes that arrive together while nothing is cached', async () => {
    const cache = createSourceEventKeyCache({ db: counted, secretBox, clock, ttlMs: 5_000 });
    reads = 0;
    const got = await Promise.all(Array.from({ length: 20 }, () => cache.get(s.sourceId)));
    expect(reads).toBe(1);
    expect(new Set(got.map((g) => g.info))).toHaveLength(1);
    expect(got[0]!.info).toMatchObject({ sourceId: s.sourceId, encryptKey: s.encryptKey });
    expect(got[0]!.info!.decryptionKey).not.toBeNull();
  });

  it('renews an entry in the background before it lapses, so steady pushes never wait', async () => {
    const cache = createSourceEventKeyCache({ db: counted, secretBox, clock, ttlMs: 5_000 });
    await cache.get(s.sourceId);
    reads = 0;
    clock.advance(3_000);
    expect((await cache.get(s.sourceId)).fresh).toBe(false);
    await settle();
    expect(reads).toBe(0); // young: served as it is
    clock.advance(1_500); // 4.5 s old: past the renewal point, not lapsed
    const renewing = await Promise.all(Array.from({ length: 10 }, () => cache.get(s.sourceId)));
    expect(renewing.every((g) => g.fresh === false && g.info?.sourceId === s.sourceId)).toBe(true);
    await settle();
    expect(reads).toBe(1);
    clock.advance(1_500); // 6 s after the first read, 1.5 s after the renewal: still cached
    expect((await cache.get(s.sourceId)).fresh).toBe(false);
    await settle();
    expect(reads).toBe(1);
    clock.advance(10_000); // nobody pushed meanwhile: lapsed, read while the push waits
    expect((await cache.get(s.sourceId)).fresh).toBe(true);
    expect(reads).toBe(2);
  });

  it('reads again when asked for fresh keys, and sees a key changed in the console', async () => {
    const cache = createSourceEventKeyCache({ db: counted, secretBox, clock, ttlMs: 5_000 });
    const before = (await cache.get(s.sourceId)).info!;
    await createSourceService({ db: database.db, clock, secretBox }).update(
      systemContext,
      s.tenantId,
      s.sourceId,
      { encrypt_key: 'ek-changed-in-the-console-0123456789' },
    );
    expect((await cache.get(s.sourceId)).info).toBe(before);
    const fresh = await cache.get(s.sourceId, { fresh: true });
    expect(fresh).toMatchObject({
      fresh: true,
      info: { encryptKey: 'ek-changed-in-the-console-0123456789' },
    });
    expect((await cache.get(s.sourceId)).info).toBe(fresh.info);
  });

  it('does not remember a source it did not find', async () => {
    const cache = createSourceEventKeyCache({ db: counted, secretBox, clock, ttlMs: 5_000 });
    const unknown = randomUUID();
    reads = 0;
    expect((await cache.get(unknown)).info).toBeUndefined();
    expect((await cache.get(unknown)).info).toBeUndefined();
    expect(reads).toBe(2);
    expect((await cache.get('not-a-uuid')).info).toBeUndefined();
    expect(reads).toBe(2);
  });
});
