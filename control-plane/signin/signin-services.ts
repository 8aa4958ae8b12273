// Builds the sign-in broker and client sessions from the app's dependencies: signing keys,
// access tokens, the session service and its revoker, the directory/source/tenant revocation,
// the admin side, and the broker's parts (transactions, callback, handoff redemption).
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { AppConfig } from '../config/config-schema.ts';
import { RateLimiter } from '../security/rate-limiter.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { createAccessTokenIssuer } from '../sessions/access-token.ts';
import { createDirectoryRevocation } from '../sessions/directory-revocation.ts';
import { createSessionAdmin } from '../sessions/session-admin.ts';
import { createSessionRevoker } from '../sessions/session-revoker.ts';
import { createSessionService } from '../sessions/session-service.ts';
import { loadProfile } from '../sessions/profile.ts';
import { createKeyRing } from '../sessions/signing-keys.ts';
import type { Database } from '../storage/schema.ts';
import type { SessionEventBus } from '../stream/session-event-bus.ts';
import type { TenantLookup } from '../tenants/tenant-lookup.ts';
import { createCallback } from './callback.ts';
import { discover } from './discovery.ts';
import { createFeishuOAuth, type FeishuOAuth } from './feishu-oauth.ts';
import { createHandoffRedemption } from './handoff-redemption.ts';
import type { JustInTimeUsers } from './just-in-time-users.ts';
import { createLoginTransactions } from './login-transactions.ts';
import type { SignInDeps } from './signin-deps.ts';

const DAY_MS = 86_400_000;

export interface SignInServiceDeps {
  config: AppConfig;
  db: Kysely<Database>;
  clock: Clock;
  secretBox: SecretBox;
  tenantLookup: TenantLookup;
  bus: SessionEventBus;
  oauth?: FeishuOAuth;
  justInTime?: JustInTimeUsers;
}

export function createSignInServices(deps: SignInServiceDeps) {
  const { config, db, clock, secretBox, bus } = deps;
  const signIn = config.signIn;
  const accessSeconds = Math.round(signIn.accessTokenMinutes * 60);
  const keys = createKeyRing({
    db,
    clock,
    secretBox,
    rotationMs: signIn.signingKeyRotationDays * DAY_MS,
    // A retired key verifies the tokens it signed until the last one expires, plus a margin.
    retiredPublishMs: (accessSeconds + 600) * 1000,
  });
  const issuer = createAccessTokenIssuer({
    keys,
    clock,
    issuer: config.publicUrl,
    lifetimeSeconds: accessSeconds,
  });
  const revoker = createSessionRevoker({ db, clock, bus });
  const sessions = createSessionService({
    db,
    clock,
    config: signIn,
    issuer,
    revoker,
    rotationKey: secretBox.deriveKey('gatehouse refresh rotation v1'),
  });
  const brokerDeps: SignInDeps = {
    db,
    clock,
    publicUrl: config.publicUrl,
    config: signIn,
    secretBox,
    tenantLookup: deps.tenantLookup,
    oauth: deps.oauth ?? createFeishuOAuth(),
    sessions,
    ...(deps.justInTime ? { justInTime: deps.justInTime } : {}),
  };
  const pkceKey = secretBox.deriveKey('gatehouse feishu pkce v1');
  const tokenLimiter = new RateLimiter({
    limit: signIn.tokenPerIpPerMinute,
    windowMs: 60_000,
    clock,
  });
  return {
    keys,
    issuer,
    revoker,
    sessions,
    bus,
    revocation: createDirectoryRevocation({ db, clock, revoker }),
    admin: createSessionAdmin({ db, clock, revoker, keys }),
    transactions: createLoginTransactions(brokerDeps, pkceKey),
    callback: createCallback(brokerDeps, pkceKey),
    redeem: createHandoffRedemption(brokerDeps),
    discover: (enterpriseId: string, clientKey: string) =>
      discover(brokerDeps, enterpriseId, clientKey),
    tokenLimiter,
    clock,
    /** Without departmentIds: the directory's current memberships. */
    profile: (userId: string, departmentIds?: string[]) => loadProfile(db, userId, departmentIds),
  };
}

export type SignInServices = ReturnType<typeof createSignInServices>;
