// What a department event means for the directory, decided purely from the event and the rows
// it touches. Where the department goes follows the source's scope: with scope "all" every
// department hangs under its Feishu parent ("0" = the root); with selected subtrees a selected
// department is a top ("0") and any other one must hang under a department already synced.
// A move rewrites the materialized path of the department and of every department below it.
// Events carry no i18n_name: the synced one is kept until the next full sync.
import type { SyncScope } from '../../shared/domain/identity-source.ts';
import { ROOT_DEPARTMENT, type DepartmentRecord } from '../directory/change-set.ts';
import type { EventDepartment } from './contact-event-schemas.ts';

export interface KnownDepartment extends DepartmentRecord {
  id: string;
  status: 'active' | 'disabled' | 'deleted';
  contentHash?: string | null;
}

export type DepartmentPlan =
  | { kind: 'upsert'; records: DepartmentRecord[] }
  /** Its Feishu parent is not synced (yet): an event about the parent may still be on its way. */
  | { kind: 'parent_unknown'; parentOpenDepartmentId: string }
  /** Not part of the synced scope; `known` if the directory has it (it moved out). */
  | { kind: 'out_of_scope'; known: boolean };

export interface DepartmentPlanInput {
  scope: SyncScope;
  event: EventDepartment;
  /** The department's row, if the directory has it. */
  self: KnownDepartment | undefined;
  /** The row of its Feishu parent, if the directory has it. */
  parent: KnownDepartment | undefined;
  /** Rows whose path lies under self's current path (self excluded). */
  descendants: KnownDepartment[];
}

const orderOf = (value: number | string | undefined, fallback: number): number => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : fallback;
};

const isActive = (d: KnownDepartment | undefined): d is KnownDepartment =>
  d !== undefined && d.status === 'active';

export function planDepartmentUpsert(input: DepartmentPlanInput): DepartmentPlan {
  const { event, self, scope } = input;
  const id = event.open_department_id;
  // parent_department_id is there whenever the app may read the organisation (and then an
  // absent leader_user_id means "no leader"); without it, keep where and under whom it was.
  const organize = event.parent_department_id !== undefined;
  const feishuParent =
    event.parent_department_id ?? self?.parentOpenDepartmentId ?? ROOT_DEPARTMENT;

  let parentOpenDepartmentId: string;
  let path: string;
  const selectedTop = scope.kind === 'departments' && scope.department_ids.includes(id);
  if (selectedTop || (scope.kind === 'all' && feishuParent === ROOT_DEPARTMENT)) {
    parentOpenDepartmentId = ROOT_DEPARTMENT;
    path = `/${id}/`;
  } else if (isActive(input.parent)) {
    if (input.parent.path.includes(`/${id}/`))
      return { kind: 'out_of_scope', known: isActive(self) };
    parentOpenDepartmentId = input.parent.openDepartmentId;
    path = `${input.parent.path}${id}/`;
  } else if (scope.kind === 'departments' && feishuParent === ROOT_DEPARTMENT) {
    return { kind: 'out_of_scope', known: isActive(self) };
  } else {
    return { kind: 'parent_unknown', parentOpenDepartmentId: feishuParent };
  }

  const record: DepartmentRecord = {
    openDepartmentId: id,
    departmentId: event.department_id ?? self?.departmentId ?? null,
    name: event.name ?? self?.name ?? id,
    i18nName: self?.i18nName ?? {},
    parentOpenDepartmentId,
    path,
    leaderOpenId: organize ? (event.leader_user_id ?? null) : (self?.leaderOpenId ?? null),
    sortOrder: orderOf(event.order, self?.sortOrder ?? 0),
  };
  const records = [record];
  if (self && self.path !== path) {
    for (const d of input.descendants) {
      if (d.status !== 'active' || !d.path.startsWith(self.path) || d.id === self.id) continue;
      const { id: _id, status: _status, contentHash: _hash, ...rest } = d;
      records.push({ ...rest, path: path + d.path.slice(self.path.length) });
    }
  }
  return { kind: 'upsert', records };
}
