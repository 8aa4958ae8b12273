// Fixed-window counting per (brand, app, tenant, endpoint), per second and per minute, with the
// platform's tiers (reference section 7: most APIs 1000/min and 50/s; either limit trips).
// Pure bookkeeping over an injected clock; rate-limit.ts wires it into fastify.

export interface Tier {
  perSecond?: number;
  perMinute?: number;
}

/** Tier 4, the platform's default for contact reads and most endpoints. */
export const DEFAULT_TIER: Tier = { perSecond: 50, perMinute: 1000 };

/**
 * Per-endpoint tiers where the reference names one. Token endpoints have no documented limit;
 * the sandbox gives them tier 4 as well (UNCONFIRMED, see README).
 */
export const ENDPOINT_TIERS: Record<string, Tier> = {
  'POST /open-apis/auth/v3/tenant_access_token/internal': DEFAULT_TIER,
  'POST /open-apis/auth/v3/app_access_token/internal': DEFAULT_TIER,
  'GET /open-apis/application/v6/applications/:app_id': { perSecond: 50 },
  'GET /open-apis/application/v6/applications/:app_id/contacts_range_configuration': {
    perMinute: 100,
  },
};

export interface Verdict {
  allowed: boolean;
  /** The limit of the window that tripped. */
  limit?: number;
  /** Whole seconds until that window resets (at least 1). */
  resetSeconds?: number;
}

interface Bucket {
  second: number;
  secondCount: number;
  minute: number;
  minuteCount: number;
}

export class RateLimiter {
  enabled: boolean;
  overrides: Record<string, Tier> = {};
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(now: () => number, enabled: boolean) {
    this.now = now;
    this.enabled = enabled;
  }

  tierOf(endpoint: string): Tier {
    return this.overrides[endpoint] ?? ENDPOINT_TIERS[endpoint] ?? DEFAULT_TIER;
  }

  /** Counts one call unless a window is full. */
  take(endpoint: string, caller: string): Verdict {
    if (!this.enabled) return { allowed: true };
    const tier = this.tierOf(endpoint);
    const now = this.now();
    const second = Math.floor(now / 1000);
    const minute = Math.floor(now / 60_000);
    const key = `${caller}\u0000${endpoint}`;
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size > 100_000) this.buckets.clear(); // bound memory on odd traffic
      b = { second, secondCount: 0, minute, minuteCount: 0 };
      this.buckets.set(key, b);
    }
    if (b.second !== second) {
      b.second = second;
      b.secondCount = 0;
    }
    if (b.minute !== minute) {
      b.minute = minute;
      b.minuteCount = 0;
    }
    if (tier.perSecond !== undefined && b.secondCount >= tier.perSecond) {
      return {
        allowed: false,
        limit: tier.perSecond,
        resetSeconds: Math.max(1, Math.ceil(((second + 1) * 1000 - now) / 1000)),
      };
    }
    if (tier.perMinute !== undefined && b.minuteCount >= tier.perMinute) {
      return {
        allowed: false,
        limit: tier.perMinute,
        resetSeconds: Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000)),
      };
    }
    b.secondCount += 1;
    b.minuteCount += 1;
    return { allowed: true };
  }

  reset(): void {
    this.buckets.clear();
  }
}
