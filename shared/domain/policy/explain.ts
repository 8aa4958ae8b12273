// The "why" of a decision for the admin's what-if and the client's denied page: every enabled
// policy covering the application in evaluation order, with what each one said about this user,
// up to the one that decided (the rest are "not_reached"). Slower than decide() by design; it
// agrees with it because it reads the same tables and the same checks.
import { firstFailingRule } from './attributes.ts';
import type { PolicyTables } from './compile.ts';
import { DEFAULT_DENY, DISABLED_APP, platformHolds, type Decider } from './decide.ts';
import { inAnyWindow } from './time-window.ts';
import type { Decision, DecisionContext, ExplainStep, Explanation, PolicyUser } from './types.ts';

export function explainDecision(
  t: PolicyTables,
  decider: Decider,
  user: PolicyUser,
  app: number,
  ctx: DecisionContext,
): Explanation {
  const appRecord = t.apps[app]!;
  const named = decider.load(user);
  const steps: ExplainStep[] = [];
  let decision: Readonly<Decision> | undefined = appRecord.enabled ? undefined : DISABLED_APP;
  for (const r of t.appCandidates[app]!) {
    const p = t.policies[r]!;
    const step: ExplainStep = {
      policy_id: p.policy.id,
      policy_name: p.policy.name,
      priority: p.policy.priority,
      action: p.policy.action,
      outcome: 'not_reached',
    };
    steps.push(step);
    if (decision !== undefined) continue;
    if (!decider.takesIn(r, named)) {
      step.outcome = 'not_in_subjects';
      continue;
    }
    const rules = p.policy.subjects.attributes;
    const failing = firstFailingRule(rules, user.attributes);
    if (failing !== -1) {
      step.outcome = 'attribute_mismatch';
      step.attribute_rule = { index: failing, key: rules[failing]!.key };
      continue;
    }
    if (!platformHolds(p, ctx)) {
      step.outcome = 'platform_mismatch';
      continue;
    }
    if (p.windows !== undefined && !inAnyWindow(p.windows, ctx.time)) {
      step.outcome = 'outside_time_window';
      continue;
    }
    step.outcome = 'matched';
    decision = p.decision;
  }
  return {
    app_id: appRecord.id,
    decision: { ...(decision ?? DEFAULT_DENY) },
    steps,
    disabled_policy_ids: t.disabled.filter((d) => d.apps.includes(app)).map((d) => d.policy.id),
  };
}
