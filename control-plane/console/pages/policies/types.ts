// Answers and bodies of the policies page, typed from the route schemas (type-only imports).
import type { z } from 'zod';
import type {
  applicationList,
  policyList,
  reorderBody,
  whatIfBody,
  whatIfResponse,
} from '../../../api/schemas/policies.ts';

export type PolicyList = z.output<typeof policyList>;
export type Policy = PolicyList['items'][number];
export type ApplicationList = z.output<typeof applicationList>;
export type ReorderBody = z.input<typeof reorderBody>;
export type WhatIfBody = z.input<typeof whatIfBody>;
export type WhatIfAnswer = z.output<typeof whatIfResponse>;
