// Directory rows as the admin console shows them.
import type { DepartmentNode } from '../storage/repositories/directory.ts';
import type { DirectoryUserRow } from '../storage/schema.ts';

export const departmentView = (d: DepartmentNode) => ({
  open_department_id: d.open_department_id,
  department_id: d.department_id,
  name: d.name,
  parent_open_department_id: d.parent_open_department_id,
  status: d.status,
  leader_open_id: d.leader_open_id,
  child_count: d.child_count,
  member_count: d.member_count,
});

export const userSummaryView = (u: DirectoryUserRow) => ({
  id: u.id,
  open_id: u.open_id,
  union_id: u.union_id,
  user_id: u.user_id,
  username: u.username,
  name: u.name,
  email: u.email,
  status: u.status,
});

export const userDetailView = (
  u: DirectoryUserRow,
  departments: { open_department_id: string; is_primary: boolean; name: string | null }[],
) => ({
  ...userSummaryView(u),
  en_name: u.en_name,
  mobile: u.mobile,
  employee_no: u.employee_no,
  feishu_status: u.feishu_status,
  attributes: u.attributes,
  leader_open_id: u.leader_open_id,
  departments: departments.map((d) => ({
    open_department_id: d.open_department_id,
    name: d.name,
    is_primary: d.is_primary,
  })),
  disabled_at: u.disabled_at?.toISOString() ?? null,
  deleted_at: u.deleted_at?.toISOString() ?? null,
  created_at: u.created_at.toISOString(),
  updated_at: u.updated_at.toISOString(),
});
