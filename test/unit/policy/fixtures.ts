// Small policy sets for the unit tests: a department tree, a few applications, and a helper that
// fills the fields a test does not care about.
import type {
  ApplicationInput,
  DecisionContext,
  PolicyInput,
  PolicySetInput,
  PolicyUser,
} from '../../../shared/domain/policy/index.ts';

/**
 *        0
 *      /   \
 *    eng    hr
 *   /   \
 *  be    fe
 *  |
 * infra
 */
export const TREE = [
  { id: '0', parent_id: null },
  { id: 'eng', parent_id: '0' },
  { id: 'hr', parent_id: '0' },
  { id: 'be', parent_id: 'eng' },
  { id: 'fe', parent_id: 'eng' },
  { id: 'infra', parent_id: 'be' },
];

export const APPS: ApplicationInput[] = [
  {
    id: 'git',
    name: 'Git',
    addresses: [{ host: 'git.corp.example', ports: '443', protocol: 'https' }],
    portal_url: 'https://git.corp.example/',
    tags: ['dev'],
  },
  { id: 'ci', name: 'CI', addresses: [{ host: 'ci.corp.example' }], tags: ['dev', 'ops'] },
  { id: 'payroll', name: 'Payroll', addresses: [{ host: 'pay.corp.example' }], tags: ['hr'] },
  { id: 'wiki', name: 'Wiki', addresses: [{ host: '*.wiki.corp.example' }] },
];

let counter = 0;
/** A policy with defaults: allow, priority 100, everyone, every application. */
export function policy(over: Partial<PolicyInput> = {}): PolicyInput {
  counter++;
  return {
    id: `p${String(counter).padStart(4, '0')}`,
    name: `policy ${counter}`,
    priority: 100,
    action: 'allow',
    subjects: { all_users: true },
    resources: { all_applications: true },
    ...over,
  };
}

export function set(policies: PolicyInput[], over: Partial<PolicySetInput> = {}): PolicySetInput {
  return { time_zone: 'Asia/Shanghai', departments: TREE, applications: APPS, policies, ...over };
}

export const user = (
  departmentIds: string[],
  attributes: Record<string, unknown> = {},
  id = 'u1',
): PolicyUser => ({ id, departmentIds, attributes });

/** Monday 2026-01-05 10:00 in Shanghai (UTC+8). */
export const MONDAY_10 = Date.UTC(2026, 0, 5, 2, 0);
export const ctx = (over: Partial<DecisionContext> = {}): DecisionContext => ({
  time: MONDAY_10,
  platform: 'macos',
  ...over,
});
