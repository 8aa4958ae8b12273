// Builds every service of the control plane from the app's dependencies (one place, so the
// routes, the CLI and later modules wire the same objects).
import type { Kysely } from 'kysely';
import { createAdminService } from './admins/admin-service.ts';
import { createAuthService } from './auth/auth-service.ts';
import type { Clock } from './clock.ts';
import type { AppConfig } from './config/config-schema.ts';
import { createDirectoryService } from './directory/directory-service.ts';
import { createSourceService } from './identity-sources/source-service.ts';
import type { SecretBox } from './security/secret-box.ts';
import type { Database } from './storage/schema.ts';
import { createTenantLookup } from './tenants/tenant-lookup.ts';
import { createTenantService } from './tenants/tenant-service.ts';

export interface ServiceDeps {
  config: AppConfig;
  db: Kysely<Database>;
  clock: Clock;
  secretBox: SecretBox;
}

export function createServices({ config, db, clock, secretBox }: ServiceDeps) {
  return {
    auth: createAuthService({
      db,
      clock,
      config,
      csrfKey: secretBox.deriveKey('gatehouse csrf v1'),
    }),
    tenants: createTenantService({ db, clock }),
    tenantLookup: createTenantLookup({
      db,
      clock,
      perClientPerMinute: config.tenantLookup.perIpPerMinute,
    }),
    admins: createAdminService({ db, clock }),
    sources: createSourceService({ db, clock, secretBox }),
    directory: createDirectoryService({ db }),
  };
}

export type Services = ReturnType<typeof createServices>;
