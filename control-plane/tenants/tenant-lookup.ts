// The public look-up of a tenant by the enterprise verification ID an employee typed. The
// sign-in discovery endpoint is built on it. Malformed and unknown IDs get the same
// TENANT_NOT_FOUND (nothing to tell them apart by), and each client is rate limited, so the
// 60-bit ID space cannot be walked.
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { normalizeVerificationId } from '../../shared/domain/verification-id.ts';
import type { Clock } from '../clock.ts';
import { RateLimiter } from '../security/rate-limiter.ts';
import { getTenantByVerificationId } from '../storage/repositories/tenants.ts';
import type { Database, TenantRow } from '../storage/schema.ts';

export interface TenantLookup {
  /** The active tenant with this ID; throws RATE_LIMITED, TENANT_NOT_FOUND or TENANT_SUSPENDED. */
  lookup(typedId: string, clientKey: string): Promise<TenantRow>;
}

export function createTenantLookup(options: {
  db: Kysely<Database>;
  clock: Clock;
  perClientPerMinute: number;
}): TenantLookup {
  const limiter = new RateLimiter({
    limit: options.perClientPerMinute,
    windowMs: 60_000,
    clock: options.clock,
  });
  return {
    async lookup(typedId, clientKey) {
      const decision = limiter.hit(clientKey);
      if (!decision.allowed) {
        throw new AppError('RATE_LIMITED', {
          params: { retryAfterSeconds: decision.retryAfterSeconds },
        });
      }
      const id = normalizeVerificationId(typedId);
      const tenant = id ? await getTenantByVerificationId(options.db, id) : undefined;
      if (!tenant) throw new AppError('TENANT_NOT_FOUND');
      if (tenant.status !== 'active') throw new AppError('TENANT_SUSPENDED');
      return tenant;
    },
  };
}
