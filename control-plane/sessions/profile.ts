// The profile a client gets with its tokens and from GET /api/v1/session: who signed in, from
// which tenant and source, their departments by name (from the synced directory) and the
// avatar URL Feishu gave the directory.
import { sql, type Kysely } from 'kysely';
import type { Profile, ProfileDepartment } from '../../shared/domain/auth/token.ts';
import { departmentIdsOf } from '../storage/repositories/client-sessions.ts';
import { profileDepartmentsJson } from '../storage/repositories/profile-departments.ts';
import type { Database } from '../storage/schema.ts';

/** Only an https avatar is passed on: the client fetches it and would refuse anything else. */
export const httpsAvatar = (value: unknown): string | null =>
  typeof value === 'string' && /^https:\/\/[^\s]+$/i.test(value) ? value : null;

/**
 * The user's profile, or undefined when the user is gone. `departmentIds` are the ones an access
 * token was issued with; without them the directory's current memberships are read (the live
 * answer GET /api/v1/session gives after a department move).
 */
export async function loadProfile(
  db: Kysely<Database>,
  userId: string,
  departmentIds?: string[],
): Promise<Profile | undefined> {
  const row = await db
    .selectFrom('directory_users as u')
    .innerJoin('identity_sources as src', 'src.id', 'u.source_id')
    .innerJoin('tenants as t', 't.id', 'src.tenant_id')
    .select([
      'u.id',
      'u.open_id',
      'u.union_id',
      'u.name',
      'u.en_name',
      'u.email',
      'u.username',
      sql<unknown>`u.profile->>'avatar_url'`.as('avatar_url'),
      't.id as tenant_id',
      't.name as tenant_name',
      'src.id as source_id',
      'src.name as source_name',
      'src.brand',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  const ids = departmentIds ?? (await departmentIdsOf(db, row.source_id, row.id));
  const { rows } = await sql<{ departments: ProfileDepartment[] }>`select ${profileDepartmentsJson(
    sql.val(row.source_id),
    sql.val(ids),
    sql.val(row.tenant_name),
  )} as departments`.execute(db);
  return {
    user_id: row.id,
    open_id: row.open_id,
    union_id: row.union_id,
    name: row.name,
    en_name: row.en_name,
    email: row.email,
    username: row.username,
    department_ids: ids,
    departments: rows[0]?.departments ?? [],
    avatar_url: httpsAvatar(row.avatar_url),
    tenant: { id: row.tenant_id, name: row.tenant_name },
    source: { id: row.source_id, name: row.source_name, brand: row.brand },
  };
}
