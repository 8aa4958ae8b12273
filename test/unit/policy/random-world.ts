// Random policy worlds for the property tests, from a seeded PRNG: a department tree up to depth
// 10, applications over a shared pool of overlapping addresses, policies with every kind of
// subject, operator and condition and few distinct priorities (ties are common), and random
// users, instants, platforms and destinations.
import type {
  ApplicationInput,
  DecisionContext,
  DestinationProtocol,
  PolicyInput,
  PolicySetInput,
  PolicyUser,
} from '../../../shared/domain/policy/index.ts';

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WorldShape {
  departments: number;
  maxDepth: number;
  applications: number;
  policies: number;
}

const ZONES = [
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'UTC',
];
const ATTR_KEYS = ['employee_type', 'job_title', 'city', 'cost_center'];
const ATTR_VALUES = [
  '1',
  '2',
  '3',
  'SRE',
  'Senior SRE',
  'sre',
  'Beijing',
  'beijing',
  'London',
  'cc-1',
  '',
];
const TAGS = ['t0', 't1', 't2', 't3'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const PLATFORMS = ['windows', 'macos', 'linux'] as const;
const USER_IDS = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];

const HOSTS = [
  'a.corp.test',
  'x.corp.test',
  '*.corp.test',
  '*.x.corp.test',
  'y.x.corp.test',
  '*.other.test',
  '10.0.0.0/8',
  '10.1.0.0/16',
  '10.1.2.0/24',
  '10.1.2.3',
  '192.168.0.0/16',
  'fd00::/8',
  'fd00:1::/32',
  'fd00:1::5',
];
const PORTS = ['*', '*', '443', '80,443', '8000-8999', '22', '53', '1-1024'];
const PROTOCOLS = ['any', 'any', 'tcp', 'udp', 'http', 'https'] as const;

export const DESTINATIONS = [
  'a.corp.test',
  'b.corp.test',
  'x.corp.test',
  'y.x.corp.test',
  'z.y.x.corp.test',
  'corp.test',
  'q.other.test',
  'other.test',
  'nothing.test',
  '10.1.2.3',
  '10.1.2.4',
  '10.1.9.9',
  '10.200.0.1',
  '192.168.1.1',
  '11.0.0.1',
  'fd00::1',
  'fd00:1::5',
  'fd00:1::6',
  'fe80::1',
];
export const DEST_PORTS = [22, 53, 80, 443, 5432, 8080, 8443, 1024, 65535];
export const DEST_PROTOCOLS: DestinationProtocol[] = ['tcp', 'udp', 'http', 'https', 'any'];

export function makeWorld(rng: Rng, shape: WorldShape): PolicySetInput {
  const int = (n: number) => Math.floor(rng() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const some = <T>(list: readonly T[], max: number): T[] =>
    Array.from({ length: 1 + int(max) }, () => pick(list));

  const departments: { id: string; parent_id: string | null }[] = [{ id: '0', parent_id: null }];
  const depth = [0];
  for (let i = 1; i < shape.departments; i++) {
    let parent = int(i);
    for (let tries = 0; depth[parent]! >= shape.maxDepth && tries < 20; tries++) parent = int(i);
    if (depth[parent]! >= shape.maxDepth) parent = 0;
    // Some chains run straight down so the full depth is reached.
    if (rng() < 0.3 && depth[i - 1]! < shape.maxDepth) parent = i - 1;
    departments.push({ id: `d${i}`, parent_id: departments[parent]!.id });
    depth.push(depth[parent]! + 1);
  }
  const deptIds = departments.map((d) => d.id);

  const applications: ApplicationInput[] = [];
  for (let i = 0; i < shape.applications; i++) {
    applications.push({
      id: `app${i}`,
      name: `App ${i}`,
      enabled: rng() < 0.9,
      tags: rng() < 0.7 ? some(TAGS, 2) : [],
      addresses: Array.from({ length: int(3) + (rng() < 0.9 ? 1 : 0) }, () => ({
        host: pick(HOSTS),
        ports: pick(PORTS),
        protocol: pick(PROTOCOLS),
      })),
    });
  }
  const appIds = applications.map((a) => a.id);

  const rule = (): NonNullable<PolicyInput['subjects']['attributes']>[number] => {
    const key = pick(ATTR_KEYS);
    const ignore_case = rng() < 0.2;
    const op = pick([
      'eq',
      'neq',
      'in',
      'not_in',
      'prefix',
      'suffix',
      'contains',
      'exists',
      'not_exists',
    ] as const);
    if (op === 'exists' || op === 'not_exists') return { key, op };
    if (op === 'in' || op === 'not_in')
      return { key, op, values: some(ATTR_VALUES.filter(Boolean), 3), ignore_case };
    const value = pick(ATTR_VALUES.filter(Boolean));
    return {
      key,
      op,
      value: op === 'eq' || op === 'neq' ? value : value.slice(0, 1 + int(value.length)),
      ignore_case,
    };
  };

  const policies: PolicyInput[] = [];
  for (let i = 0; i < shape.policies; i++) {
    const roll = rng();
    const attributes = rng() < 0.3 ? Array.from({ length: 1 + int(2) }, rule) : [];
    const subjects: PolicyInput['subjects'] =
      roll < 0.15
        ? { all_users: true, attributes }
        : roll < 0.25 && attributes.length > 0
          ? { attributes }
          : {
              departments:
                rng() < 0.85
                  ? Array.from({ length: 1 + int(3) }, () => ({
                      id: rng() < 0.03 ? 'ghost' : pick(deptIds),
                      include_sub_departments: rng() < 0.6,
                    }))
                  : [],
              users: rng() < 0.3 ? some(USER_IDS, 2) : [],
              attributes,
            };
    if (
      !subjects.all_users &&
      !subjects.departments?.length &&
      !subjects.users?.length &&
      !attributes.length
    ) {
      subjects.users = [pick(USER_IDS)];
    }
    const rr = rng();
    const resources: PolicyInput['resources'] =
      rr < 0.1
        ? { all_applications: true }
        : rr < 0.4
          ? { tags: some(TAGS, 2) }
          : { applications: some(appIds, 3), ...(rng() < 0.2 ? { tags: [pick(TAGS)] } : {}) };
    const conditions: PolicyInput['conditions'] = {};
    if (rng() < 0.25) {
      conditions.time_windows = Array.from({ length: 1 + int(2) }, () => {
        const start = rng() < 0.2 ? 0 : int(1440);
        let end = rng() < 0.2 ? 1440 : 1 + int(1440);
        if (end === start) end = start === 1439 ? 1440 : start + 1;
        return {
          days: some(DAYS, 4),
          start_minute: start,
          end_minute: end,
          ...(rng() < 0.5 ? { time_zone: pick(ZONES) } : {}),
        };
      });
    }
    if (rng() < 0.2) conditions.platforms = some(PLATFORMS, 2);
    policies.push({
      id: `p${int(1000)}-${i}`,
      name: `Policy ${i}`,
      enabled: rng() < 0.85,
      priority: int(6),
      action: rng() < 0.3 ? 'deny' : 'allow',
      subjects,
      resources,
      ...(conditions.time_windows || conditions.platforms ? { conditions } : {}),
    });
  }
  return { time_zone: pick(ZONES), departments, applications, policies };
}

export function randomUser(rng: Rng, set: PolicySetInput): PolicyUser {
  const int = (n: number) => Math.floor(rng() * n);
  const deptIds = (set.departments ?? []).map((d) => d.id);
  const departmentIds = Array.from({ length: int(4) }, () =>
    rng() < 0.05 ? (rng() < 0.5 ? 'ghost' : 'not-in-tree') : deptIds[int(deptIds.length)]!,
  );
  const attributes: Record<string, unknown> = {};
  for (const key of ATTR_KEYS) {
    const r = rng();
    if (r < 0.2) continue;
    if (r < 0.3) attributes[key] = null;
    else if (r < 0.4)
      attributes[key] = [
        ATTR_VALUES[int(ATTR_VALUES.length)],
        ATTR_VALUES[int(ATTR_VALUES.length)],
      ];
    else if (r < 0.5) attributes[key] = int(4);
    else attributes[key] = ATTR_VALUES[int(ATTR_VALUES.length)];
  }
  return { id: USER_IDS[int(USER_IDS.length)]!, departmentIds, attributes };
}

/** An instant in 2025-2026 (DST switches included), with a platform or none. */
export function randomContext(rng: Rng): DecisionContext {
  const time = Date.UTC(2025, 0, 1) + Math.floor(rng() * 2 * 365 * 86_400_000);
  const r = rng();
  return r < 0.25 ? { time } : { time, platform: PLATFORMS[Math.floor(r * 4) - 1]! };
}
