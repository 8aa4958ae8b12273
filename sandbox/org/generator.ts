// Generates one tenant's org (departments, leaders, people) into the store from a seed. The
// plan is made level by level so the tree has exactly the preset's depth; every department gets
// a leader who is one of its members, and people are written with { silent: true } so a fresh
// world starts without events. Same seed -> the same org, to the byte.
import { hex32 } from './ids.ts';
import { cumulative, type Rng } from './generator-rng.ts';
import type { OrgSpec } from './generator-presets.ts';
import {
  CITIES,
  COST_CENTERS,
  DIVISIONS,
  INTERN_TITLE,
  JOB_TITLES,
  LEADER_TITLE,
  ROOT_TITLES,
  TEAMS,
} from './names-org.ts';
import { personName } from './names.ts';
import { ROOT, type OrgStore } from './org-store.ts';
import type { SandboxUser, UserStatus } from './types.ts';

export interface GeneratedTenant {
  tenantKey: string;
  /** Enterprise email domain, e.g. "acme.example". */
  domain: string;
  password: string;
}

/** What the world needs to pick sample accounts; the org itself lives in the store. */
export interface GeneratedOrg {
  departments: number;
  users: number;
  depth: number;
  ceoKey: string;
  /** Leader of each department, in creation order (level 1 first). */
  leaderKeys: string[];
  /** An active, ordinary member of a deepest-level department. */
  deepUserKey: string | undefined;
  /** An active user with a second department. */
  multiDepartmentUserKey: string | undefined;
  frozenKeys: string[];
  resignedKeys: string[];
}

interface PlannedDept {
  key: string;
  parentKey: string;
  level: number;
}

export const ACTIVE: Readonly<UserStatus> = {
  is_frozen: false,
  is_resigned: false,
  is_activated: true,
  is_exited: false,
  is_unjoin: false,
};

const EMPLOYEE_TYPES = [1, 2, 3, 4, 5] as const; // regular, intern, outsourcing, labor, consultant
const EMPLOYEE_TYPE_WEIGHTS = cumulative([85, 6, 5, 2, 2]);
const JOIN_FROM = Date.UTC(2012, 0, 1) / 1000;
const JOIN_TO = Date.UTC(2025, 5, 30) / 1000;

export function generateOrg(
  store: OrgStore,
  tenant: GeneratedTenant,
  spec: OrgSpec,
  rng: Rng,
): GeneratedOrg {
  const depts = planDepartments(store, spec, rng.fork('departments'));
  const people = new PeoplePlanner(store, tenant, rng.fork('people'));
  const levelCount = spec.levels.length;

  const rootKeys: string[] = [];
  for (let i = 0; i < Math.max(1, spec.rootMembers); i += 1) rootKeys.push(store.nextKey('u'));
  const ceoKey = rootKeys[0] as string;
  const leaderOf = new Map<string, string>();
  for (const d of depts) leaderOf.set(d.key, store.nextKey('u'));
  const leaderFor = (deptKey: string): string => {
    const d = store.departments.get(deptKey);
    return d?.leaderUserKey ?? ceoKey;
  };

  // Departments first (leaders are known keys already), in level order so parents exist.
  const rootCounter = { next: 0 };
  const siblingNames = new Map<string, Set<string>>();
  const siblingOrder = new Map<string, number>();
  const nameRng = rng.fork('department-names');
  for (const d of depts) {
    const used = siblingNames.get(d.parentKey) ?? new Set<string>();
    siblingNames.set(d.parentKey, used);
    const base =
      d.level === 1
        ? (DIVISIONS[rootCounter.next++ % DIVISIONS.length] ?? ['部门', 'Department'])
        : nameRng.pick(TEAMS);
    let [zh, en] = base;
    for (let n = 2; used.has(zh); n += 1) [zh, en] = [`${base[0]} ${n}`, `${base[1]} ${n}`];
    used.add(zh);
    const order = (siblingOrder.get(d.parentKey) ?? 0) + 1;
    siblingOrder.set(d.parentKey, order);
    store.addDepartment(
      {
        key: d.key,
        tenantKey: tenant.tenantKey,
        departmentId: `D${String(store.departments.size + 1).padStart(5, '0')}`,
        name: zh,
        i18nName: { zh_cn: zh, en_us: en },
        parentKey: d.parentKey,
        leaderUserKey: leaderOf.get(d.key),
        order: order * 1000,
        unitIds: [],
        hrbpUserKeys: [],
      },
      { silent: true },
    );
  }

  // Root members: the CEO, the C-suite and assistants.
  rootKeys.forEach((key, i) => {
    people.add({
      key,
      departmentKeys: [ROOT],
      leaderUserKey: i === 0 ? undefined : ceoKey,
      jobTitle: ROOT_TITLES[i] ?? ROOT_TITLES[ROOT_TITLES.length - 1] ?? '',
      isLeader: true,
      isTenantManager: i === 0,
    });
  });

  // One leader per department, a member of it, reporting to the parent's leader.
  for (const d of depts) {
    people.add({
      key: leaderOf.get(d.key) as string,
      departmentKeys: [d.key],
      leaderUserKey: d.parentKey === ROOT ? ceoKey : leaderFor(d.parentKey),
      jobTitle: LEADER_TITLE,
      isLeader: true,
      isTenantManager: false,
    });
  }

  // Everyone else: a random department, some in a second one, a few frozen or resigned.
  const statusRng = rng.fork('status');
  const deepest = depts.filter((d) => d.level === levelCount);
  const frozenKeys: string[] = [];
  const resignedKeys: string[] = [];
  let multiDepartmentUserKey: string | undefined;
  let deepUserKey: string | undefined;
  const regular = Math.max(0, spec.users - rootKeys.length - depts.length);
  const pickRng = rng.fork('membership');
  for (let i = 0; i < regular; i += 1) {
    const primary = pickRng.pick(depts);
    const departmentKeys = [primary.key];
    if (depts.length > 1 && pickRng.chance(spec.multiDepartmentRate)) {
      let second = pickRng.pick(depts);
      while (second.key === primary.key) second = pickRng.pick(depts);
      departmentKeys.push(second.key);
    }
    const key = store.nextKey('u');
    const isLast = i === regular - 1;
    const isSecondLast = i === regular - 2;
    let status: UserStatus = ACTIVE;
    if (
      statusRng.chance(spec.frozenRate) ||
      (spec.ensureFrozenAndResigned && isSecondLast && frozenKeys.length === 0)
    ) {
      status = { ...ACTIVE, is_frozen: true };
      frozenKeys.push(key);
    } else if (
      statusRng.chance(spec.resignedRate) ||
      (spec.ensureFrozenAndResigned && isLast && resignedKeys.length === 0)
    ) {
      resignedKeys.push(key);
    }
    people.add({
      key,
      departmentKeys,
      leaderUserKey: leaderFor(primary.key),
      status,
      isLeader: false,
      isTenantManager: false,
    });
    const active = status === ACTIVE && resignedKeys[resignedKeys.length - 1] !== key;
    if (active && !multiDepartmentUserKey && departmentKeys.length > 1) {
      multiDepartmentUserKey = key;
    }
    if (active && !deepUserKey && primary.level === levelCount) deepUserKey = key;
  }
  for (const key of resignedKeys) store.resignUser(key, { silent: true });

  // HRBPs of the divisions: an ordinary active member of the same tenant.
  const hrRng = rng.fork('hrbp');
  const candidates = people.keys.slice(rootKeys.length + depts.length);
  for (const d of depts) {
    if (d.level !== 1 || candidates.length === 0) continue;
    const hrbp = hrRng.pick(candidates);
    if (!resignedKeys.includes(hrbp)) {
      const dept = store.departments.get(d.key);
      if (dept) dept.hrbpUserKeys = [hrbp];
    }
  }

  return {
    departments: depts.length,
    users: people.keys.length,
    depth: deepest.length > 0 ? levelCount : 0,
    ceoKey,
    leaderKeys: depts.map((d) => leaderOf.get(d.key) as string),
    deepUserKey,
    multiDepartmentUserKey,
    frozenKeys,
    resignedKeys,
  };
}

function planDepartments(store: OrgStore, spec: OrgSpec, rng: Rng): PlannedDept[] {
  const out: PlannedDept[] = [];
  let previous: PlannedDept[] = [];
  spec.levels.forEach((count, i) => {
    const level: PlannedDept[] = [];
    for (let n = 0; n < count; n += 1) {
      // The first child of a level hangs under the previous level's first department, so the
      // deepest chain always exists; the rest pick a random parent one level up.
      const parentKey =
        i === 0 ? ROOT : n === 0 ? (previous[0]?.key ?? ROOT) : rng.pick(previous).key;
      level.push({ key: store.nextKey('d'), parentKey, level: i + 1 });
    }
    out.push(...level);
    previous = level;
  });
  return out;
}

interface PersonInput {
  key: string;
  departmentKeys: string[];
  leaderUserKey: string | undefined;
  jobTitle?: string;
  status?: UserStatus;
  isLeader: boolean;
  isTenantManager: boolean;
}

/** Fills in a person's details (names, contact data, employment) and writes them. */
class PeoplePlanner {
  readonly keys: string[] = [];
  private readonly emailCounts = new Map<string, number>();
  private readonly userIds = new Set<string>();
  private readonly store: OrgStore;
  private readonly tenant: GeneratedTenant;
  private readonly rng: Rng;
  private readonly mobileOffset: number;
  private readonly customAttrId: string;

  constructor(store: OrgStore, tenant: GeneratedTenant, rng: Rng) {
    this.store = store;
    this.tenant = tenant;
    this.rng = rng;
    this.mobileOffset = rng.int(100_000_000);
    let digits = '';
    for (let i = 0; i < 17; i += 1) digits += String(rng.int(10));
    this.customAttrId = `C-69${digits}`; // the platform's custom attribute id look
  }

  add(input: PersonInput): SandboxUser {
    const rng = this.rng;
    const index = this.keys.length;
    const person = personName(rng);
    const employeeType = input.isLeader
      ? 1
      : rng.pickWeighted(EMPLOYEE_TYPES, EMPLOYEE_TYPE_WEIGHTS);
    const email = `${this.emailLocal(person.emailBase)}@${this.tenant.domain}`;
    // 7919 is prime, so index -> 8 digits is a bijection below 10^8: mobiles never collide.
    const subscriber = (index * 7919 + this.mobileOffset) % 100_000_000;
    const user = this.store.addUser(
      {
        key: input.key,
        unionId: `on_${hex32(`union:${this.tenant.tenantKey}:${input.key}`)}`,
        tenantKey: this.tenant.tenantKey,
        userId: this.userId(),
        name: person.name,
        enName: person.enName,
        nickname: '',
        email,
        enterpriseEmail: email,
        mobile: `+8613${rng.int(10)}${String(subscriber).padStart(8, '0')}`,
        mobileVisible: true,
        gender: person.gender,
        avatarSeed: input.key,
        status: { ...(input.status ?? ACTIVE) },
        departmentKeys: input.departmentKeys,
        orders: input.departmentKeys.map((departmentKey, i) => ({
          departmentKey,
          userOrder: input.isLeader ? 100 : 0,
          departmentOrder: i,
          isPrimary: i === 0,
        })),
        leaderUserKey: input.leaderUserKey,
        city: rng.pick(CITIES),
        country: 'CN',
        workStation: `${'ABCD'[rng.int(4)]}${rng.between(1, 30)}-${String(rng.between(1, 200)).padStart(3, '0')}`,
        joinTime: Math.floor(JOIN_FROM + rng.next() * (JOIN_TO - JOIN_FROM)),
        isTenantManager: input.isTenantManager,
        employeeNo: `E${String(index + 1).padStart(6, '0')}`,
        employeeType,
        jobTitle: input.jobTitle ?? (employeeType === 2 ? INTERN_TITLE : rng.pick(JOB_TITLES)),
        customAttrs: [
          { type: 'TEXT', id: this.customAttrId, value: { text: rng.pick(COST_CENTERS) } },
        ],
        timeZone: 'Asia/Shanghai',
        password: this.tenant.password,
      },
      { silent: true },
    );
    this.keys.push(user.key);
    return user;
  }

  private emailLocal(base: string): string {
    const n = (this.emailCounts.get(base) ?? 0) + 1;
    this.emailCounts.set(base, n);
    return n === 1 ? base : `${base}${n}`;
  }

  /** Feishu's generated user_id look: 8 lower-case hex characters, unique in the tenant. */
  private userId(): string {
    let id = this.rng.hex(8);
    while (this.userIds.has(id)) id = this.rng.hex(8);
    this.userIds.add(id);
    return id;
  }
}
