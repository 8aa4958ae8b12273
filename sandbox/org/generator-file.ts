// Writes a parsed org file into the store as the main tenant's org (silently, like the
// generator), filling the fields the file leaves out with plain defaults, and resolves the file
// apps' contact range and availability from file ids to store keys.
import { hex32 } from './ids.ts';
import { ACTIVE, type GeneratedOrg } from './generator.ts';
import type { OrgFile, OrgFileRange } from './org-file.ts';
import { ROOT, type OrgStore } from './org-store.ts';
import type { ContactRange, SandboxApp, UserStatus } from './types.ts';

export function applyOrgFile(
  store: OrgStore,
  file: OrgFile,
  tenantKey: string,
  password: string,
  /** The file's apps, already in the store, in file order. */
  apps: SandboxApp[] = [],
): GeneratedOrg {
  const domain = file.tenant?.domain ?? 'acme.example';
  const userKey = new Map(file.users.map((u) => [u.user_id, store.nextKey('u')] as const));
  const deptKey = new Map(file.departments.map((d) => [d.department_id, store.nextKey('d')]));
  const keyOfDept = (id: string) => (id === ROOT ? ROOT : (deptKey.get(id) as string));

  // Parents before children: repeat passes over the rest (the parser ruled out cycles).
  const levelOf = new Map<string, number>([[ROOT, 0]]);
  let pending = file.departments.map((d, i) => ({ d, i }));
  while (pending.length > 0) {
    const next: typeof pending = [];
    for (const item of pending) {
      const parentLevel = levelOf.get(item.d.parent);
      if (parentLevel === undefined) {
        next.push(item);
        continue;
      }
      levelOf.set(item.d.department_id, parentLevel + 1);
      store.addDepartment(
        {
          key: keyOfDept(item.d.department_id),
          tenantKey,
          departmentId: item.d.department_id,
          name: item.d.name,
          i18nName: { zh_cn: item.d.name, ...(item.d.en_name ? { en_us: item.d.en_name } : {}) },
          parentKey: keyOfDept(item.d.parent),
          leaderUserKey: item.d.leader === undefined ? undefined : userKey.get(item.d.leader),
          order: item.d.order ?? (item.i + 1) * 1000,
          unitIds: [],
          hrbpUserKeys: [],
        },
        { silent: true },
      );
    }
    if (next.length === pending.length) throw new Error('org file: unreachable departments');
    pending = next;
  }

  const leaderOfDept = new Map(
    file.departments
      .filter((d) => d.leader !== undefined)
      .map((d) => [d.department_id, userKey.get(d.leader as string)]),
  );
  const frozenKeys: string[] = [];
  const resignedKeys: string[] = [];
  let deepUserKey: string | undefined;
  let deepest = -1;
  let multiDepartmentUserKey: string | undefined;
  file.users.forEach((u, i) => {
    const key = userKey.get(u.user_id) as string;
    const status: UserStatus = { ...ACTIVE, is_frozen: u.status === 'frozen' };
    const primary = u.departments[0] ?? ROOT;
    const ownLeader = leaderOfDept.get(primary);
    store.addUser(
      {
        key,
        unionId: `on_${hex32(`union:${tenantKey}:${key}`)}`,
        tenantKey,
        userId: u.user_id,
        name: u.name,
        enName: u.en_name ?? '',
        nickname: '',
        email: u.email ?? `${u.user_id.toLowerCase()}@${domain}`,
        enterpriseEmail: u.email ?? `${u.user_id.toLowerCase()}@${domain}`,
        mobile: u.mobile ?? `+86139${String(i + 1).padStart(8, '0')}`,
        mobileVisible: true,
        gender: 0,
        avatarSeed: key,
        status,
        departmentKeys: u.departments.map(keyOfDept),
        orders: u.departments.map((d, j) => ({
          departmentKey: keyOfDept(d),
          userOrder: leaderOfDept.get(d) === key ? 100 : 0,
          departmentOrder: j,
          isPrimary: j === 0,
        })),
        leaderUserKey:
          u.leader !== undefined
            ? userKey.get(u.leader)
            : ownLeader !== key
              ? ownLeader
              : undefined,
        city: u.city ?? '',
        country: 'CN',
        workStation: '',
        joinTime: Date.UTC(2020, 0, 1) / 1000,
        isTenantManager: u.is_tenant_manager ?? false,
        employeeNo: u.employee_no ?? `E${String(i + 1).padStart(6, '0')}`,
        employeeType: u.employee_type ?? 1,
        jobTitle: u.job_title ?? '',
        customAttrs: [],
        timeZone: 'Asia/Shanghai',
        password: u.password ?? password,
      },
      { silent: true },
    );
    if (u.status === 'frozen') frozenKeys.push(key);
    if (u.status === 'resigned') resignedKeys.push(key);
    if (u.status !== 'active') return;
    if (!multiDepartmentUserKey && u.departments.length > 1) multiDepartmentUserKey = key;
    const level = levelOf.get(primary) ?? 0;
    if (level > deepest) [deepest, deepUserKey] = [level, key];
  });
  for (const key of resignedKeys) store.resignUser(key, { silent: true });

  const resolve = (range: OrgFileRange): ContactRange =>
    range === 'all'
      ? { kind: 'all' }
      : {
          kind: 'partial',
          departmentKeys: range.departments.map(keyOfDept),
          userKeys: range.users.map((id) => userKey.get(id) as string),
        };
  (file.apps ?? []).forEach((a, i) => {
    const app = apps[i];
    if (!app) return;
    app.contactRange = resolve(a.contactRange);
    app.availability = resolve(a.availability);
  });

  const rootMember = file.users.find((u) => u.departments.includes(ROOT) && u.status === 'active');
  const firstActive = file.users.find((u) => u.status === 'active') ?? file.users[0];
  return {
    departments: file.departments.length,
    users: file.users.length,
    depth: Math.max(0, ...levelOf.values()),
    ceoKey: userKey.get((rootMember ?? firstActive)?.user_id ?? '') as string,
    leaderKeys: [...leaderOfDept.values()].filter((k): k is string => k !== undefined),
    deepUserKey,
    multiDepartmentUserKey,
    frozenKeys,
    resignedKeys,
  };
}
