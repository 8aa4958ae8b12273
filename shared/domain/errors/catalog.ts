// The one error catalog: every error the product answers with, by stable code. A new area adds
// its own section file (e.g. sync.ts) and spreads it in here; codes never change meaning.
import { authErrors } from './auth.ts';
import { consoleErrors } from './console.ts';
import type { ErrorDefinition } from './define.ts';
import { eventErrors } from './events.ts';
import { identitySourceErrors } from './identity-sources.ts';
import { policyErrors } from './policies.ts';
import { requestErrors } from './request.ts';
import { syncErrors } from './sync.ts';
import { sessionErrors } from './sessions.ts';
import { signinErrors } from './signin.ts';
import { tenantErrors } from './tenants.ts';

export const errorCatalog = {
  ...requestErrors,
  ...authErrors,
  ...tenantErrors,
  ...identitySourceErrors,
  ...eventErrors,
  ...signinErrors,
  ...sessionErrors,
  ...syncErrors,
  ...policyErrors,
  ...consoleErrors,
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof errorCatalog;

export const isErrorCode = (code: string): code is ErrorCode =>
  Object.prototype.hasOwnProperty.call(errorCatalog, code);
