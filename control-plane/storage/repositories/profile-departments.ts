// The signed-in user's departments as the profile shows them: each id with its name and the
// names of the departments above it, as one jsonb value computed inside a query (the profile
// look-up in profile.ts: sign-in and GET /api/v1/session; the refresh statement leaves names out).
// Ancestors come from the materialised path ("/od-a/od-b/"), read by the
// (source_id, open_department_id) key, never by a scan.
import { sql, type RawBuilder } from 'kysely';

/**
 * jsonb array of {id, name, path} for the department ids, in their order. "0" (a direct member
 * of the root) is named after the tenant; an id the directory does not hold has a null name.
 */
export function profileDepartmentsJson(
  sourceId: RawBuilder<unknown>,
  departmentIds: RawBuilder<unknown>,
  tenantName: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`coalesce((
    select jsonb_agg(jsonb_build_object(
        'id', m.id,
        'name', coalesce(d.name, case when m.id = '0' then ${tenantName}::text end),
        'path', coalesce((
          select jsonb_agg(a.name order by array_position(anc.ids, a.open_department_id))
          from (select string_to_array(trim(both '/' from d.path), '/') as ids) anc
          join directory_departments a
            on a.source_id = ${sourceId} and a.open_department_id = any(anc.ids)
          where a.open_department_id <> d.open_department_id), '[]'::jsonb))
      order by m.ord)
    from unnest(${departmentIds}::text[]) with ordinality as m(id, ord)
    left join directory_departments d
      on d.source_id = ${sourceId} and d.open_department_id = m.id
  ), '[]'::jsonb)`;
}
