// What differs between administering applications and policies: the audit target, the
// not-found error and the table's queries. The create / replace / delete steps themselves (and
// their order inside the transaction) are the same for both and live once in policy-admin.ts.
import type { ErrorCode } from '../../shared/domain/errors/index.ts';
import type { Application, Policy } from '../../shared/domain/policy/index.ts';
import { applicationRows, policyRows } from './policy-store.ts';
import type { TenantRows } from './tenant-rows.ts';

export interface AdminRowKind<Model extends { id: string }> {
  /** Audit target type; actions are `<target>.create`, `.update` and `.delete`. */
  auditTarget: 'policy_application' | 'access_policy';
  notFound: ErrorCode;
  rows: TenantRows<Model>;
}

export const applicationKind: AdminRowKind<Application> = {
  auditTarget: 'policy_application',
  notFound: 'POLICY_APPLICATION_NOT_FOUND',
  rows: applicationRows,
};

export const policyKind: AdminRowKind<Policy> = {
  auditTarget: 'access_policy',
  notFound: 'POLICY_NOT_FOUND',
  rows: policyRows,
};
