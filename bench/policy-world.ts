// A seeded policy world of the size for the policy benches: 5,000 departments in a tree
// of depth 10, 100,000 users in one or two departments with attributes, 300 applications with
// host, wildcard and CIDR addresses and tags, 1,000 policies (departments with and without
// sub-departments, named users, attribute rules, all-users rules, deny policies, time windows
// and platform conditions, tied priorities).
import type {
  ApplicationInput,
  DecisionContext,
  PolicyInput,
  PolicySetInput,
  PolicyUser,
} from '../shared/domain/policy/index.ts';

export interface PolicyWorld {
  input: PolicySetInput;
  users: PolicyUser[];
  appIds: string[];
  hosts: { host: string; port: number }[];
  rng: () => number;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const WORLD_SIZE = {
  departments: 5000,
  depth: 10,
  users: 100_000,
  applications: 300,
  policies: 1000,
  tags: 20,
};

const TITLES = ['engineer', 'senior engineer', 'manager', 'designer', 'sre', 'analyst', 'intern'];
const CITIES = ['Beijing', 'Shanghai', 'Shenzhen', 'Hangzhou', 'Singapore', 'London'];

export function buildPolicyWorld(seed = 1, size = WORLD_SIZE): PolicyWorld {
  const rng = mulberry32(seed);
  const int = (n: number) => Math.floor(rng() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;

  // Department tree: a spine reaching the full depth, then random parents above depth 10.
  const departments: { id: string; parent_id: string | null }[] = [{ id: '0', parent_id: null }];
  const depth = [0];
  for (let i = 1; i < size.departments; i++) {
    let parent = i <= size.depth ? i - 1 : int(i);
    while (depth[parent]! >= size.depth) parent = int(i);
    departments.push({ id: `od-${i}`, parent_id: departments[parent]!.id });
    depth.push(depth[parent]! + 1);
  }
  const deptIds = departments.map((d) => d.id);

  const tags = Array.from({ length: size.tags }, (_, i) => `tag-${i}`);
  const hosts: { host: string; port: number }[] = [];
  const applications: ApplicationInput[] = [];
  for (let i = 0; i < size.applications; i++) {
    const kind = i % 3;
    const host =
      kind === 0
        ? `app${i}.corp.example`
        : kind === 1
          ? `*.svc${i}.corp.example`
          : `10.${(i >> 8) & 255}.${i & 255}.0/24`;
    hosts.push({
      host:
        kind === 0
          ? `app${i}.corp.example`
          : kind === 1
            ? `api.svc${i}.corp.example`
            : `10.${(i >> 8) & 255}.${i & 255}.7`,
      port: 443,
    });
    applications.push({
      id: `app-${i}`,
      name: `Application ${i}`,
      addresses: [{ host, ports: kind === 2 ? '*' : '443,8443', protocol: 'tcp' }],
      portal_url: `https://app${i}.corp.example/`,
      tags: [pick(tags), ...(rng() < 0.3 ? [pick(tags)] : [])],
    });
  }

  const policies: PolicyInput[] = [];
  for (let i = 0; i < size.policies; i++) {
    const roll = rng();
    const subjects: PolicyInput['subjects'] =
      roll < 0.7
        ? {
            departments: Array.from({ length: 1 + int(3) }, () => ({
              id: pick(deptIds),
              include_sub_departments: rng() < 0.8,
            })),
          }
        : roll < 0.8
          ? { users: Array.from({ length: 1 + int(20) }, () => `u-${int(size.users)}`) }
          : roll < 0.95
            ? {
                departments: [{ id: pick(deptIds), include_sub_departments: true }],
                attributes: [{ key: 'job_title', op: 'eq', value: pick(TITLES) }],
              }
            : {
                all_users: true,
                attributes: [{ key: 'city', op: 'in', values: [pick(CITIES), pick(CITIES)] }],
              };
    const resources: PolicyInput['resources'] =
      rng() < 0.6
        ? {
            applications: Array.from({ length: 1 + int(3) }, () => `app-${int(size.applications)}`),
          }
        : { tags: [pick(tags)] };
    const conditions: PolicyInput['conditions'] =
      rng() < 0.1
        ? {
            time_windows: [
              { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start_minute: 480, end_minute: 1200 },
            ],
          }
        : rng() < 0.05
          ? { platforms: [pick(['windows', 'macos', 'linux'] as const)] }
          : undefined;
    policies.push({
      id: `pol-${String(i).padStart(4, '0')}`,
      name: `Policy ${i}`,
      priority: int(200) * 10,
      action: rng() < 0.1 ? 'deny' : 'allow',
      subjects,
      resources,
      ...(conditions ? { conditions } : {}),
    });
  }

  const users: PolicyUser[] = [];
  for (let i = 0; i < size.users; i++) {
    const ids = [pick(deptIds)];
    if (rng() < 0.2) ids.push(pick(deptIds));
    users.push({
      id: `u-${i}`,
      departmentIds: ids,
      attributes: {
        employee_type: 1 + int(5),
        job_title: pick(TITLES),
        city: pick(CITIES),
        cost_center: `cc-${int(50)}`,
      },
    });
  }
  return {
    input: { time_zone: 'Asia/Shanghai', departments, applications, policies },
    users,
    appIds: applications.map((a) => a.id),
    hosts,
    rng,
  };
}

/** A context at a random instant of one week, on a random platform. */
export function randomContext(rng: () => number): DecisionContext {
  const platforms = ['windows', 'macos', 'linux'] as const;
  return {
    time: Date.UTC(2026, 2, 2) + Math.floor(rng() * 7 * 86_400_000),
    platform: platforms[Math.floor(rng() * 3)]!,
  };
}
