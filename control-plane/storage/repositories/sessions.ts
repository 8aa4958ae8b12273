// Admin sessions. Only the SHA-256 of a session token is stored, so a database dump cannot be
// replayed as a cookie.
import type { Insertable, Kysely } from 'kysely';
import type { AdminSessionsTable, Database } from '../schema.ts';

export const insertSession = (db: Kysely<Database>, row: Insertable<AdminSessionsTable>) =>
  db.insertInto('admin_sessions').values(row).execute();

export const getSession = (db: Kysely<Database>, idHash: string) =>
  db.selectFrom('admin_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();

export const touchSession = (db: Kysely<Database>, idHash: string, at: Date) =>
  db
    .updateTable('admin_sessions')
    .set({ last_seen_at: at })
    .where('id_hash', '=', idHash)
    .execute();

export const deleteSession = (db: Kysely<Database>, idHash: string) =>
  db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute();

export const deleteSessionsOfAdmin = (db: Kysely<Database>, adminId: string) =>
  db.deleteFrom('admin_sessions').where('admin_id', '=', adminId).execute();

export const deleteExpiredSessions = (db: Kysely<Database>, now: Date, idleCutoff: Date) =>
  db
    .deleteFrom('admin_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleCutoff)]))
    .execute();
