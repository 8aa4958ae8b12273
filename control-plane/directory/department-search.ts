// Departments found by a name prefix anywhere in the tree (the console's tree search), each
// with its path from the root so the admin can tell two "Sales" apart and open the tree there.
import { sql, type Kysely } from 'kysely';
import { escapeLike } from '../storage/repositories/like.ts';
import { departmentsWithCounts, type DepartmentNode } from '../storage/repositories/directory.ts';
import type { Database } from '../storage/schema.ts';

export interface FoundDepartment extends DepartmentNode {
  breadcrumb: { open_department_id: string; name: string }[];
}

export async function searchDepartments(
  db: Kysely<Database>,
  sourceId: string,
  q: string,
  options: { limit: number; includeDeleted: boolean },
): Promise<FoundDepartment[]> {
  let query = departmentsWithCounts(db, sourceId)
    // The 0002 index on lower(name) text_pattern_ops answers this prefix.
    .where(sql`lower(d.name)`, 'like', `${escapeLike(q.toLowerCase())}%`);
  if (!options.includeDeleted) query = query.where('d.status', '!=', 'deleted');
  const rows = await query
    .orderBy(sql`d.name collate "C"`)
    .orderBy('d.open_department_id')
    .limit(options.limit)
    .execute();
  // Every ancestor named in the found paths, read in one query.
  const ancestorIds = [...new Set(rows.flatMap((r) => r.path.split('/').filter(Boolean)))];
  const names = new Map<string, string>();
  if (ancestorIds.length) {
    const ancestors = await db
      .selectFrom('directory_departments')
      .select(['open_department_id', 'name'])
      .where('source_id', '=', sourceId)
      .where('open_department_id', 'in', ancestorIds)
      .execute();
    for (const a of ancestors) names.set(a.open_department_id, a.name);
  }
  return rows.map((r) => ({
    ...r,
    child_count: Number(r.child_count ?? 0),
    member_count: Number(r.member_count ?? 0),
    breadcrumb: r.path
      .split('/')
      .filter(Boolean)
      .map((id) => ({ open_department_id: id, name: names.get(id) ?? id })),
  }));
}
