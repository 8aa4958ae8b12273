// Admin sign-in and sessions. Sign-in is rate limited per client IP and locks an account after
// repeated failures; an unknown email costs the same scrypt work as a wrong password. A session
// is a random token in an HttpOnly cookie; the database keeps only its hash, an absolute
// expiry and the last-seen time for the idle timeout.
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import { assertPasswordAcceptable } from '../admins/password-policy.ts';
import { writeAudit, type AuditActorInfo } from '../audit/audit-writer.ts';
import type { Clock } from '../clock.ts';
import type { AppConfig } from '../config/config-schema.ts';
import { dummyHash, hashPassword, verifyPassword } from '../security/password-hash.ts';
import { RateLimiter } from '../security/rate-limiter.ts';
import { csrfTokenFor, randomToken, sha256Hex } from '../security/tokens.ts';
import * as admins from '../storage/repositories/admins.ts';
import * as sessions from '../storage/repositories/sessions.ts';
import { getTenant } from '../storage/repositories/tenants.ts';
import type { AdminRow, Database } from '../storage/schema.ts';
import { ALL_TENANTS } from '../storage/tenant-scope.ts';
import type { Actor } from './actor.ts';

/** Sessions are touched at most this often, so browsing does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface AuthServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  config: Pick<AppConfig, 'sessions' | 'login'>;
  csrfKey: Buffer;
}

export interface SignedIn {
  admin: AdminRow;
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface Authenticated {
  admin: AdminRow;
  actor: Actor;
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

export const actorOf = (a: AdminRow): Actor => ({
  adminId: a.id,
  email: a.email,
  role: a.role,
  tenantId: a.tenant_id,
});

const clientActor = (
  email: string | null,
  admin: AdminRow | undefined,
  requestId: string,
  ip: string,
): AuditActorInfo => ({
  type: admin ? 'admin' : 'anonymous',
  id: admin?.id ?? null,
  label: admin?.email ?? email,
  requestId,
  ip,
});

export function createAuthService({ db, clock, config, csrfKey }: AuthServiceDeps) {
  const ipLimiter = new RateLimiter({
    limit: config.login.perIpPerMinute,
    windowMs: 60_000,
    clock,
  });
  const lockMs = config.login.lockMinutes * 60_000;
  const ttlMs = config.sessions.ttlHours * 3_600_000;
  const idleMs = config.sessions.idleMinutes * 60_000;

  async function tenantSuspended(admin: AdminRow): Promise<boolean> {
    if (!admin.tenant_id) return false;
    const tenant = await getTenant(db, ALL_TENANTS, admin.tenant_id);
    return !tenant || tenant.status !== 'active';
  }

  async function audit(
    actor: AuditActorInfo,
    action: string,
    admin: AdminRow | undefined,
    after?: unknown,
  ) {
    await writeAudit(db, clock, actor, {
      action,
      targetType: 'admin',
      targetId: admin?.id ?? null,
      tenantId: admin?.tenant_id ?? null,
      after,
    });
  }

  return {
    async login(input: {
      email: string;
      password: string;
      ip: string;
      userAgent: string | null;
      requestId: string;
    }): Promise<SignedIn> {
      const decision = ipLimiter.hit(input.ip);
      if (!decision.allowed) {
        throw new AppError('RATE_LIMITED', {
          params: { retryAfterSeconds: decision.retryAfterSeconds },
        });
      }
      const email = input.email.trim().toLowerCase();
      const admin = await admins.getAdminByEmail(db, email);
      const actor = clientActor(email, admin, input.requestId, input.ip);
      const now = clock.now();
      if (!admin || admin.status !== 'active') {
        await verifyPassword(input.password, await dummyHash());
        await audit(actor, 'auth.login_failed', admin, {
          reason: admin ? 'disabled' : 'unknown_email',
        });
        throw new AppError('AUTH_INVALID_CREDENTIALS');
      }
      if (admin.locked_until && admin.locked_until > now) {
        await audit(actor, 'auth.login_failed', admin, { reason: 'locked' });
        throw new AppError('AUTH_ACCOUNT_LOCKED', {
          params: {
            retryAfterSeconds: Math.ceil((admin.locked_until.getTime() - now.getTime()) / 1000),
          },
        });
      }
      if (!(await verifyPassword(input.password, admin.password_hash))) {
        const { lockedUntil } = await admins.recordFailedLogin(
          db,
          admin.id,
          now,
          config.login.maxFailures,
          lockMs,
        );
        await audit(actor, lockedUntil ? 'auth.locked' : 'auth.login_failed', admin, {
          reason: 'wrong_password',
        });
        if (lockedUntil) {
          throw new AppError('AUTH_ACCOUNT_LOCKED', {
            params: { retryAfterSeconds: Math.ceil(lockMs / 1000) },
          });
        }
        throw new AppError('AUTH_INVALID_CREDENTIALS');
      }
      if (await tenantSuspended(admin)) {
        await audit(actor, 'auth.login_failed', admin, { reason: 'tenant_suspended' });
        throw new AppError('TENANT_SUSPENDED');
      }
      const sessionToken = randomToken();
      const expiresAt = new Date(now.getTime() + ttlMs);
      await db.transaction().execute(async (trx) => {
        await sessions.deleteExpiredSessions(trx, now, new Date(now.getTime() - idleMs));
        await sessions.insertSession(trx, {
          id_hash: sha256Hex(sessionToken),
          admin_id: admin.id,
          created_at: now,
          expires_at: expiresAt,
          last_seen_at: now,
          ip: input.ip,
          user_agent: input.userAgent?.slice(0, 512) ?? null,
        });
        await admins.updateAdmin(trx, admin.id, {
          failed_logins: 0,
          locked_until: null,
          last_login_at: now,
        });
        await writeAudit(trx, clock, actor, {
          action: 'auth.login',
          targetType: 'admin',
          targetId: admin.id,
          tenantId: admin.tenant_id,
        });
      });
      return { admin, sessionToken, csrfToken: csrfTokenFor(csrfKey, sessionToken), expiresAt };
    },

    /** The signed-in admin behind a session token, or undefined (and the session gone) when it
     *  has expired, idled out, or its admin is disabled or their tenant suspended. */
    async authenticate(sessionToken: string): Promise<Authenticated | undefined> {
      if (!sessionToken || sessionToken.length > 128) return undefined;
      const idHash = sha256Hex(sessionToken);
      const session = await sessions.getSession(db, idHash);
      if (!session) return undefined;
      const now = clock.now();
      const admin = await admins.getAdminById(db, session.admin_id);
      const expired =
        session.expires_at <= now || now.getTime() - session.last_seen_at.getTime() >= idleMs;
      if (expired || !admin || admin.status !== 'active' || (await tenantSuspended(admin))) {
        await sessions.deleteSession(db, idHash);
        return undefined;
      }
      if (now.getTime() - session.last_seen_at.getTime() >= TOUCH_EVERY_MS)
        await sessions.touchSession(db, idHash, now);
      return {
        admin,
        actor: actorOf(admin),
        sessionToken,
        csrfToken: csrfTokenFor(csrfKey, sessionToken),
        expiresAt: session.expires_at,
      };
    },

    async logout(auth: Authenticated, requestId: string, ip: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await sessions.deleteSession(trx, sha256Hex(auth.sessionToken));
        await writeAudit(trx, clock, clientActor(auth.admin.email, auth.admin, requestId, ip), {
          action: 'auth.logout',
          targetType: 'admin',
          targetId: auth.admin.id,
          tenantId: auth.admin.tenant_id,
        });
      });
    },

    /** Changes one's own password: ends every other session of the account. */
    async changeOwnPassword(
      auth: Authenticated,
      current: string,
      next: string,
      requestId: string,
      ip: string,
    ): Promise<void> {
      if (!(await verifyPassword(current, auth.admin.password_hash)))
        throw new AppError('AUTH_INVALID_CREDENTIALS');
      assertPasswordAcceptable(next, auth.admin.email);
      const hash = await hashPassword(next);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await admins.updateAdmin(trx, auth.admin.id, {
          password_hash: hash,
          password_changed_at: now,
          updated_at: now,
        });
        await sessions.deleteSessionsOfAdmin(trx, auth.admin.id);
        await sessions.insertSession(trx, {
          id_hash: sha256Hex(auth.sessionToken),
          admin_id: auth.admin.id,
          created_at: now,
          expires_at: auth.expiresAt,
          last_seen_at: now,
          ip,
          user_agent: null,
        });
        await writeAudit(trx, clock, clientActor(auth.admin.email, auth.admin, requestId, ip), {
          action: 'auth.change_password',
          targetType: 'admin',
          targetId: auth.admin.id,
          tenantId: auth.admin.tenant_id,
          after: { password: 'set' },
        });
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
