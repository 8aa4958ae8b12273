// Answer and request types of the admin API, taken from the route schemas themselves (type-only
// imports: nothing of the server is bundled), so the console and the API cannot drift apart.
import type { z } from 'zod';
import type { adminPage, adminSchema, sessionSchema } from '../../api/schemas/admins.ts';
import type { errorSchema } from '../../api/schemas/common.ts';
import type { departmentList, feishuDepartmentChildren } from '../../api/schemas/directory.ts';
import type {
  createSourceBody,
  sourcePage,
  sourceSchema,
  updateSourceBody,
} from '../../api/schemas/identity-sources.ts';
import type {
  approveAnswer,
  connectivityAnswer,
  pendingChangePage,
  syncRunDetail,
  syncRunPage,
  syncRunSchema,
} from '../../api/schemas/sync.ts';
import type { tenantPage, tenantSchema } from '../../api/schemas/tenants.ts';

export type Admin = z.output<typeof adminSchema>;
export type AdminPage = z.output<typeof adminPage>;
export type AdminSession = z.output<typeof sessionSchema>;
export type ErrorAnswer = z.output<typeof errorSchema>;
export type Tenant = z.output<typeof tenantSchema>;
export type TenantPage = z.output<typeof tenantPage>;
export type Source = z.output<typeof sourceSchema>;
export type SourcePage = z.output<typeof sourcePage>;
export type CreateSourceBody = z.input<typeof createSourceBody>;
export type UpdateSourceBody = z.input<typeof updateSourceBody>;
export type ConnectivityAnswer = z.output<typeof connectivityAnswer>;
export type SyncRun = z.output<typeof syncRunSchema>;
export type SyncRunPage = z.output<typeof syncRunPage>;
export type SyncRunDetail = z.output<typeof syncRunDetail>;
export type PendingChangePage = z.output<typeof pendingChangePage>;
export type SyncApproval = z.output<typeof approveAnswer>;
export type LiveDepartmentPage = z.output<typeof feishuDepartmentChildren>;
export type DirectoryDepartmentList = z.output<typeof departmentList>;
