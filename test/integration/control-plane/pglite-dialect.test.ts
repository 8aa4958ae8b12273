// The embedded engine is one Postgres session: our dialect must keep concurrent callers out of
// each other's transactions and report affected rows, as PostgreSQL does.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestDatabase } from '../../fixtures/db.ts';

describe.each(engines)('transactions under concurrency on $name', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await engine.open();
    await sql`create table probe (id integer primary key, note text)`.execute(database.db);
  });
  afterAll(() => database?.close());

  const db = () => database.db as unknown as Kysely<{ probe: { id: number; note: string } }>;

  it('does not let a concurrent query join a transaction that then rolls back', async () => {
    const failing = db()
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('probe').values({ id: 1, note: 'in transaction' }).execute();
        await new Promise((r) => setTimeout(r, 50));
        throw new Error('abort');
      });
    const outside = (async () => {
      await new Promise((r) => setTimeout(r, 10));
      await db().insertInto('probe').values({ id: 2, note: 'outside' }).execute();
    })();
    await expect(failing).rejects.toThrow('abort');
    await outside;
    expect(await db().selectFrom('probe').select('id').orderBy('id').execute()).toEqual([
      { id: 2 },
    ]);
  });

  it('reports affected rows of updates and deletes', async () => {
    await db()
      .insertInto('probe')
      .values([
        { id: 10, note: 'a' },
        { id: 11, note: 'a' },
      ])
      .execute();
    const updated = await db()
      .updateTable('probe')
      .set({ note: 'b' })
      .where('note', '=', 'a')
      .executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(2n);
    const deleted = await db().deleteFrom('probe').where('id', '>=', 10).executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(2n);
  });

  it('runs many concurrent transactions to completion, each atomically', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db()
          .transaction()
          .execute(async (trx) => {
            await trx
              .insertInto('probe')
              .values({ id: 100 + i, note: 'x' })
              .execute();
            if (i % 4 === 0) throw new Error('rolled back');
          })
          .catch(() => undefined),
      ),
    );
    const ids = (
      await db().selectFrom('probe').select('id').where('id', '>=', 100).orderBy('id').execute()
    ).map((r) => r.id);
    expect(ids).toEqual(
      Array.from({ length: 20 }, (_, i) => 100 + i).filter((id) => (id - 100) % 4 !== 0),
    );
  });
});
