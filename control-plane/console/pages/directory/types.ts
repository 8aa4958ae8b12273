// Answers this page reads, typed from the route schemas (type-only: nothing of the server is
// bundled).
import type { z } from 'zod';
import type { departmentList, userDetailSchema, userPage } from '../../../api/schemas/directory.ts';
import type { userEntitlementsResponse } from '../../../api/schemas/policies.ts';
import type { sessionPage } from '../../../api/schemas/sessions.ts';

export type DepartmentList = z.output<typeof departmentList>;
export type UserPage = z.output<typeof userPage>;
export type UserDetail = z.output<typeof userDetailSchema>;
export type SessionPage = z.output<typeof sessionPage>;
export type UserEntitlements = z.output<typeof userEntitlementsResponse>;
