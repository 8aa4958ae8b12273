// The audit list's answer, typed from the route schema (type-only import).
import type { z } from 'zod';
import type { auditPage } from '../../../api/schemas/audit.ts';

export type AuditPage = z.output<typeof auditPage>;
