// What the evaluator is asked about and what it answers. Calls use camelCase objects; the
// documents that travel (entitlements, destination map) are snake_case and have zod schemas in
// entitlement-schemas.ts so the client parses them at its trust boundary.
import type { UserAttributes } from './attributes.ts';
import type { ReasonCode } from './reasons.ts';
import type { Platform, PolicyAction } from './schemas.ts';

export interface PolicyUser {
  /** The directory's user id, as policies name users. */
  id: string;
  /** Every department the user is a member of (open_department_id, "0" for the root). */
  departmentIds: readonly string[];
  /** Mapped attributes and account fields (employee_type, job_title, city, custom ones). */
  attributes?: UserAttributes;
}

export interface DecisionContext {
  /** Milliseconds since the epoch; time windows are read at this instant. */
  time: number;
  /** The client's platform, when known (a gateway may not know it). */
  platform?: Platform;
}

export interface Decision {
  decision: 'allow' | 'deny';
  reason: ReasonCode;
  policyId?: string;
  policyName?: string;
  priority?: number;
}

export interface DestinationDecision extends Decision {
  /** The application that decided (the first denying one of a tie, else the first). */
  appId?: string;
  /** The most specific applications containing the destination (all had to allow). */
  appIds: string[];
}

export const POLICY_OUTCOMES = [
  'matched',
  'not_in_subjects',
  'attribute_mismatch',
  'platform_mismatch',
  'outside_time_window',
  'not_reached',
] as const;
export type PolicyOutcome = (typeof POLICY_OUTCOMES)[number];

export interface ExplainStep {
  policy_id: string;
  policy_name: string;
  priority: number;
  action: PolicyAction;
  outcome: PolicyOutcome;
  /** For attribute_mismatch: the first rule the user fails (index and key). */
  attribute_rule?: { index: number; key: string };
}

export interface Explanation {
  app_id: string;
  decision: Decision;
  /** Enabled policies covering the application, in evaluation order. */
  steps: ExplainStep[];
  /** Disabled policies that would cover it (they are never evaluated). */
  disabled_policy_ids: string[];
}

export type CompileWarningCode =
  | 'unknown_department'
  | 'unknown_application'
  | 'unknown_tag'
  | 'department_cycle'
  | 'no_applications';

export interface CompileWarning {
  code: CompileWarningCode;
  policy_id?: string;
  /** The department, application or tag concerned. */
  ref?: string;
}
