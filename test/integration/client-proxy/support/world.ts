// The policy side of the proxy tests: two private applications on local servers, departments A
// and B, and entitlements computed by the real policy core for a user in either department.
import {
  compilePolicies,
  type CompiledPolicies,
  type DestinationMap,
  type Entitlements,
} from '../../../../shared/domain/policy/index.ts';
import type { Resolver } from '../../../../main/core/proxy/destination-policy.ts';

export const NOW = Date.UTC(2026, 10, 23, 3, 0); // a Monday, 11:00 in Shanghai

export interface WorldPorts {
  appA: number;
  appB: number;
  echoA: number;
  echoB: number;
}

/**
 * App A: a.corp.test (any port) and 127.0.0.1:<echoA>. App B: *.b.corp.test and
 * 127.0.0.1:<appB>,<echoB>. Department A may use A and is explicitly refused B ("No B for A");
 * department B may use B only.
 */
export function buildWorld(p: WorldPorts): CompiledPolicies {
  return compilePolicies({
    time_zone: 'Asia/Shanghai',
    departments: [
      { id: 'dept-a', parent_id: null },
      { id: 'dept-b', parent_id: null },
    ],
    applications: [
      {
        id: 'app-a',
        name: 'App A',
        addresses: [{ host: 'a.corp.test' }, { host: '127.0.0.1', ports: String(p.echoA) }],
      },
      {
        id: 'app-b',
        name: 'App B 财务',
        addresses: [
          { host: '*.b.corp.test' },
          { host: '127.0.0.1', ports: `${p.appB},${p.echoB}` },
        ],
      },
    ],
    policies: [
      {
        id: 'pol-a',
        name: 'A team',
        priority: 10,
        action: 'allow',
        subjects: { departments: [{ id: 'dept-a' }] },
        resources: { applications: ['app-a'] },
      },
      {
        id: 'pol-no-b',
        name: 'No B for A',
        priority: 5,
        action: 'deny',
        subjects: { departments: [{ id: 'dept-a' }] },
        resources: { applications: ['app-b'] },
      },
      {
        id: 'pol-b',
        name: 'B team',
        priority: 10,
        action: 'allow',
        subjects: { departments: [{ id: 'dept-b' }] },
        resources: { applications: ['app-b'] },
      },
    ],
  });
}

export function documentsFor(
  world: CompiledPolicies,
  department: 'dept-a' | 'dept-b',
  time = NOW,
): { map: DestinationMap; entitlements: Entitlements } {
  return {
    map: world.destinationMap(),
    entitlements: world.entitlementsFor({ id: 'u1', departmentIds: [department] }, { time }),
  };
}

/** Every *.test name is this machine; anything else does not exist. */
export const testResolver: Resolver = async (name) => {
  if (name.endsWith('.test')) return ['127.0.0.1'];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};
