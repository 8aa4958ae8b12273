// Applications as the page reads and writes them, typed from the route schemas (type-only).
import type { z } from 'zod';
import type { applicationBody, applicationList } from '../../../api/schemas/policies.ts';

export type ApplicationList = z.output<typeof applicationList>;
export type Application = ApplicationList['items'][number];
export type ApplicationBody = z.input<typeof applicationBody>;
