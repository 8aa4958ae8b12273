// A refresh in one statement, no transaction around it: spend the refresh token, but only if
// it is live and unspent, its session live and bound to this device, and the session's tenant,
// source and user active; touch the session; insert the child token with the claims of the
// access token issued with it (departments and entitlement version read in the same statement,
// and the avatar URL with them; department names are not: see refresh-grant.ts).
// Nothing happens when any condition fails, and the caller finds out why on the slow path.
import { sql, type Kysely } from 'kysely';
import { preparedAs } from '../open-database.ts';
import type { Database } from '../schema.ts';

export interface SpendInput {
  tokenHash: string;
  childHash: string;
  deviceId: string;
  ip: string | null;
  now: Date;
  /** The child's expiry unless the session ends sooner. */
  idleExpiresAt: Date;
  /** Claims the statement cannot know: issuer, audience, token id and times, signing key. */
  iss: string;
  aud: string;
  jti: string;
  iat: number;
  exp: number;
  kid: string;
}

export interface SpentRow {
  session_id: string;
  user_id: string;
  tenant_id: string;
  source_id: string;
  open_id: string;
  union_id: string;
  name: string;
  en_name: string | null;
  email: string | null;
  username: string | null;
  tenant_name: string;
  source_name: string;
  brand: 'feishu' | 'lark';
  dept: string[];
  /** The directory profile's avatar_url, unchecked. */
  avatar_url: string | null;
  refresh_expires_at: Date;
  issued_claims: Record<string, unknown>;
}

export async function spendRefreshToken(
  db: Kysely<Database>,
  p: SpendInput,
): Promise<SpentRow | undefined> {
  const { rows } = await sql<SpentRow>`${sql.raw(preparedAs('gatehouse_refresh_spend'))}
    with spent as (
      update refresh_tokens rt
      set rotated_at = ${p.now}, rotated_device_id = ${p.deviceId}, child_hash = ${p.childHash}
      from client_sessions s
      join identity_sources src on src.id = s.source_id
      join tenants t on t.id = s.tenant_id
      join directory_users u on u.id = s.user_id
      where rt.token_hash = ${p.tokenHash} and rt.rotated_at is null and rt.expires_at > ${p.now}
        and s.id = rt.session_id and s.revoked_at is null and s.expires_at > ${p.now}
        and s.device_id = ${p.deviceId}
        and src.status = 'enabled' and t.status = 'active' and u.status = 'active'
      returning rt.session_id, s.user_id, s.tenant_id, s.source_id,
        s.expires_at as session_expires_at,
        u.open_id, u.union_id, u.name, u.en_name, u.email, u.username,
        u.profile->>'avatar_url' as avatar_url,
        t.name as tenant_name, src.name as source_name, src.brand,
        coalesce((select array_agg(m.open_department_id order by m.is_primary desc, m.open_department_id)
          from directory_memberships m
          where m.user_id = s.user_id and m.source_id = s.source_id), '{}') as dept,
        coalesce((select e.version from user_entitlements e where e.user_id = s.user_id), 0) as ev
    ), touched as (
      update client_sessions set last_seen_at = ${p.now}, ip = ${p.ip}
      where id = (select session_id from spent)
      returning id
    ), child as (
      insert into refresh_tokens
        (token_hash, session_id, created_at, expires_at, issued_claims, issued_kid)
      select ${p.childHash}, sp.session_id, ${p.now},
        least(${p.idleExpiresAt}::timestamptz, sp.session_expires_at),
        jsonb_build_object(
          'iss', ${p.iss}::text, 'aud', ${p.aud}::text, 'sub', sp.user_id, 'sid', sp.session_id,
          'tenant', sp.tenant_id, 'source', sp.source_id, 'dept', to_jsonb(sp.dept),
          'ev', sp.ev, 'jti', ${p.jti}::text, 'iat', ${p.iat}::bigint, 'exp', ${p.exp}::bigint),
        ${p.kid}
      from spent sp
      returning expires_at, issued_claims
    )
    select sp.session_id, sp.user_id, sp.tenant_id, sp.source_id, sp.open_id, sp.union_id,
      sp.name, sp.en_name, sp.email, sp.username, sp.tenant_name, sp.source_name, sp.brand,
      sp.dept, sp.avatar_url, c.expires_at as refresh_expires_at, c.issued_claims
    from spent sp cross join child c`.execute(db);
  return rows[0];
}
