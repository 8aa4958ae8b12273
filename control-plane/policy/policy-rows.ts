// Rows of policy_applications / access_policies to and from the shared model. Reads parse
// with the shared schemas: a row written by an older version that no longer validates fails
// loudly here instead of reaching the evaluator.
import {
  applicationSchema,
  policySchema,
  type Application,
  type Policy,
} from '../../shared/domain/policy/index.ts';
import type { AccessPoliciesTable, PolicyApplicationsTable } from '../storage/policy-tables.ts';
import { json } from '../storage/schema.ts';

export type ApplicationRow = Omit<PolicyApplicationsTable, 'addresses' | 'tags'> & {
  addresses: unknown;
  tags: unknown;
};
export type PolicyRow = Omit<AccessPoliciesTable, 'subjects' | 'resources' | 'conditions'> & {
  subjects: unknown;
  resources: unknown;
  conditions: unknown;
};

export const applicationOfRow = (r: ApplicationRow): Application =>
  applicationSchema.parse({
    id: r.id,
    name: r.name,
    ...(r.icon ? { icon: r.icon } : {}),
    description: r.description,
    enabled: r.enabled,
    addresses: r.addresses,
    ...(r.portal_url ? { portal_url: r.portal_url } : {}),
    tags: r.tags,
  });

export const policyOfRow = (r: PolicyRow): Policy =>
  policySchema.parse({
    id: r.id,
    name: r.name,
    description: r.description,
    enabled: r.enabled,
    priority: r.priority,
    action: r.action,
    subjects: r.subjects,
    resources: r.resources,
    ...(r.conditions ? { conditions: r.conditions } : {}),
  });

export const applicationColumns = (a: Application) => ({
  name: a.name,
  icon: a.icon ?? null,
  description: a.description,
  enabled: a.enabled,
  addresses: json(a.addresses),
  portal_url: a.portal_url ?? null,
  tags: json(a.tags),
});

export const policyColumns = (p: Policy) => ({
  name: p.name,
  description: p.description,
  enabled: p.enabled,
  priority: p.priority,
  action: p.action,
  subjects: json(p.subjects),
  resources: json(p.resources),
  conditions: p.conditions ? json(p.conditions) : null,
});
