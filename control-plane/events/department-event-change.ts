// The change a department event asks for: reads the rows the event touches (the department, its
// Feishu parent, and on a move everything below it), lets the pure planner decide, and diffs the
// result like a full sync would (partial mode), so an unchanged department costs nothing.
import { sql, type Kysely } from 'kysely';
import type { SyncScope } from '../../shared/domain/identity-source.ts';
import { emptyChangeSet } from '../directory/change-set.ts';
import { diffDirectory } from '../directory/diff-directory.ts';
import { loadDirectorySnapshot } from '../directory/directory-snapshot.ts';
import type { Database, DirectoryDepartmentRow } from '../storage/schema.ts';
import type { EventDepartment } from './contact-event-schemas.ts';
import {
  planDepartmentUpsert,
  type DepartmentPlan,
  type KnownDepartment,
} from './department-event-plan.ts';
import type { ComputedChange } from './user-event-change.ts';

export type DepartmentChange =
  ({ kind: 'change' } & ComputedChange) | Exclude<DepartmentPlan, { kind: 'upsert' }>;

export const knownDepartment = (r: DirectoryDepartmentRow): KnownDepartment => ({
  id: r.id,
  openDepartmentId: r.open_department_id,
  departmentId: r.department_id,
  name: r.name,
  i18nName: r.i18n_name ?? {},
  parentOpenDepartmentId: r.parent_open_department_id,
  path: r.path,
  leaderOpenId: r.leader_open_id,
  sortOrder: Number(r.sort_order),
  status: r.status,
  contentHash: r.content_hash,
});

/** The directory's rows of these departments, by open_department_id. */
export async function departmentRows(db: Kysely<Database>, sourceId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, KnownDepartment>();
  const rows = await db
    .selectFrom('directory_departments')
    .selectAll()
    .where('source_id', '=', sourceId)
    .where('open_department_id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.open_department_id, knownDepartment(r)]));
}

export async function departmentUpsertChange(
  db: Kysely<Database>,
  sourceId: string,
  scope: SyncScope,
  event: EventDepartment,
  now: Date,
): Promise<DepartmentChange> {
  const id = event.open_department_id;
  const parentId = event.parent_department_id;
  const rows = await departmentRows(db, sourceId, parentId ? [id, parentId] : [id]);
  const self = rows.get(id);
  let descendants: KnownDepartment[] = [];
  if (self) {
    const below = await db
      .selectFrom('directory_departments')
      .selectAll()
      .where('source_id', '=', sourceId)
      .where(sql<boolean>`path like ${self.path.replace(/[\\%_]/g, '\\$&') + '%'}`)
      .where('id', '<>', self.id)
      .execute();
    descendants = below.map(knownDepartment);
  }
  const plan = planDepartmentUpsert({
    scope,
    event,
    self,
    parent: parentId ? rows.get(parentId) : undefined,
    descendants,
  });
  if (plan.kind !== 'upsert') return plan;
  const snapshot = await loadDirectorySnapshot(db, sourceId, {
    openDepartmentIds: plan.records.map((r) => r.openDepartmentId),
  });
  const changeSet = diffDirectory(
    sourceId,
    snapshot,
    { departments: plan.records, users: [] },
    { mode: 'partial', now, deleteGraceMs: 0 },
  );
  return { kind: 'change', changeSet, snapshot };
}

export async function departmentDeleteChange(
  db: Kysely<Database>,
  sourceId: string,
  openDepartmentId: string,
): Promise<ComputedChange> {
  const snapshot = await loadDirectorySnapshot(db, sourceId, {
    openDepartmentIds: [openDepartmentId],
  });
  const changeSet = emptyChangeSet(sourceId);
  for (const d of snapshot.departments) {
    if (d.status === 'active')
      changeSet.departments.delete.push({
        id: d.id,
        openDepartmentId: d.openDepartmentId,
        name: d.name,
      });
  }
  return { changeSet, snapshot };
}
