// The what-if call: would this user reach this application (on this platform, at this time)?
// Evaluated against the tenant's current policies and the user's directory data, with every
// covering policy and what it said, and the reason in both languages.
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { reasonText, type Explanation, type Platform } from '../../shared/domain/policy/index.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../storage/schema.ts';
import type { CompileCache } from './compile-cache.ts';
import { loadPolicyUser } from './directory-reader.ts';

export interface WhatIfInput {
  user_id: string;
  application_id: string;
  platform?: Platform;
  /** ISO time; now when absent. */
  at?: string;
}

export async function whatIf(
  deps: { db: Kysely<Database>; clock: Clock; cache: CompileCache },
  tenantId: string,
  input: WhatIfInput,
) {
  const [set, person] = await Promise.all([
    deps.cache.current(tenantId),
    loadPolicyUser(deps.db, tenantId, input.user_id),
  ]);
  if (!person) throw new AppError('POLICY_WHAT_IF_USER_NOT_FOUND');
  const at = input.at ? new Date(input.at) : deps.clock.now();
  const explanation: Explanation = set.compiled.explain(person.user, input.application_id, {
    time: at.getTime(),
    ...(input.platform ? { platform: input.platform } : {}),
  });
  const d = explanation.decision;
  return {
    decision: d.decision,
    reason: d.reason,
    reason_text: {
      en: reasonText(d.reason, 'en', d.policyName),
      'zh-CN': reasonText(d.reason, 'zh-CN', d.policyName),
    },
    policy:
      d.policyId !== undefined
        ? { id: d.policyId, name: d.policyName ?? '', priority: d.priority ?? 0 }
        : null,
    at: at.toISOString(),
    user: {
      id: person.user.id,
      name: person.name,
      department_ids: [...person.user.departmentIds],
    },
    steps: explanation.steps,
    disabled_policy_ids: explanation.disabled_policy_ids,
  };
}
