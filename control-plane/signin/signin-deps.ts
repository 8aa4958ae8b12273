// What the sign-in broker's parts are built from (one object, wired in services.ts).
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { Database } from '../storage/schema.ts';
import type { TenantLookup } from '../tenants/tenant-lookup.ts';
import type { FeishuOAuth } from './feishu-oauth.ts';
import type { JustInTimeUsers } from './just-in-time-users.ts';
import type { SignInConfig } from './signin-config.ts';

export interface SignInDeps {
  db: Kysely<Database>;
  clock: Clock;
  publicUrl: string;
  config: SignInConfig;
  secretBox: SecretBox;
  tenantLookup: TenantLookup;
  oauth: FeishuOAuth;
  sessions: SessionService;
  /** Fetches a user the directory has not seen yet; absent until a Feishu client is wired. */
  justInTime?: JustInTimeUsers;
}

/** Where the broker's pages live, all under the control plane's public URL. */
export const signInUrls = (publicUrl: string, transactionId: string) => ({
  authorize: `${publicUrl}/api/v1/public/login/transactions/${transactionId}/authorize`,
  qr: `${publicUrl}/api/v1/public/login/transactions/${transactionId}/qr`,
});
