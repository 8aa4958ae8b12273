// The profile a client gets with its tokens: who signed in, from which tenant and source.
import type { Kysely } from 'kysely';
import type { Profile } from '../../shared/domain/auth/token.ts';
import type { Database } from '../storage/schema.ts';

export async function loadProfile(
  db: Kysely<Database>,
  userId: string,
  departmentIds: string[],
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
      't.id as tenant_id',
      't.name as tenant_name',
      'src.id as source_id',
      'src.name as source_name',
      'src.brand',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    user_id: row.id,
    open_id: row.open_id,
    union_id: row.union_id,
    name: row.name,
    en_name: row.en_name,
    email: row.email,
    username: row.username,
    department_ids: departmentIds,
    tenant: { id: row.tenant_id, name: row.tenant_name },
    source: { id: row.source_id, name: row.source_name, brand: row.brand },
  };
}
