// Feishu departments -> the directory's DepartmentRecords, with materialised ancestor paths
// ("/od-a/od-b/") for subtree queries. A department whose parent is not synced (the top of a
// selected subtree) hangs under the root "0" in the directory, so the tree has one root either
// way; its path starts at itself.
import { ROOT_DEPARTMENT, type DepartmentRecord } from '../directory/change-set.ts';
import type { FeishuDepartment } from '../feishu/schemas.ts';

const MAX_DEPTH = 1000;

export function mapDepartments(raw: FeishuDepartment[]): DepartmentRecord[] {
  const byId = new Map<string, FeishuDepartment>();
  for (const d of raw) if (!d.status?.is_deleted) byId.set(d.open_department_id, d);

  const parentOf = (d: FeishuDepartment): string => {
    const p = d.parent_department_id;
    return p && p !== d.open_department_id && byId.has(p) ? p : ROOT_DEPARTMENT;
  };
  const paths = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known) return known;
    // Walk up to the root (or an already known path), then fill in on the way down.
    const chain: string[] = [];
    let cur: string | undefined = id;
    let prefix = '/';
    while (cur !== undefined && chain.length < MAX_DEPTH) {
      const hit = paths.get(cur);
      if (hit) {
        prefix = hit;
        break;
      }
      if (chain.includes(cur)) break; // a cycle in what Feishu sent: cut it here
      chain.push(cur);
      const parent = parentOf(byId.get(cur)!);
      cur = parent === ROOT_DEPARTMENT ? undefined : parent;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      prefix = `${prefix}${chain[i]}/`;
      paths.set(chain[i]!, prefix);
    }
    return paths.get(id)!;
  };

  const out: DepartmentRecord[] = [];
  for (const d of byId.values()) {
    const leader = d.leader_user_id || d.leaders?.find((l) => l.leaderID)?.leaderID || null;
    out.push({
      openDepartmentId: d.open_department_id,
      departmentId: d.department_id ?? null,
      name: d.name ?? d.i18n_name?.zh_cn ?? d.i18n_name?.en_us ?? d.open_department_id,
      i18nName: Object.fromEntries(
        Object.entries(d.i18n_name ?? {}).filter(([, v]) => typeof v === 'string' && v !== ''),
      ),
      parentOpenDepartmentId: parentOf(d),
      path: pathOf(d.open_department_id),
      leaderOpenId: leader,
      sortOrder: d.order ?? 0,
    });
  }
  return out;
}
