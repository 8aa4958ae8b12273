// Client sessions and their refresh tokens. Refresh tokens are stored as SHA-256 digests only.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../schema.ts';
import { escapeLike } from './like.ts';
import '../session-tables.ts';

/** Everything the live check of a session needs, in one query. */
export interface SessionState {
  id: string;
  tenant_id: string;
  source_id: string;
  user_id: string;
  device_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
  source_status: string;
  tenant_status: string;
  /** null when the directory no longer has the user. */
  user_status: string | null;
}

export const sessionStateQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('client_sessions as s')
    .innerJoin('identity_sources as src', 'src.id', 's.source_id')
    .innerJoin('tenants as t', 't.id', 's.tenant_id')
    .leftJoin('directory_users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.tenant_id',
      's.source_id',
      's.user_id',
      's.device_id',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      's.revoked_at',
      's.revoked_reason',
      'src.status as source_status',
      't.status as tenant_status',
      'u.status as user_status',
    ]);

export const getSessionState = (
  db: Kysely<Database>,
  sessionId: string,
): Promise<SessionState | undefined> =>
  sessionStateQuery(db).where('s.id', '=', sessionId).executeTakeFirst();

/** open_department_ids of a user ("0" for a root member), primary first. */
export async function departmentIdsOf(
  db: Kysely<Database>,
  sourceId: string,
  userId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('directory_memberships')
    .select('open_department_id')
    .where('source_id', '=', sourceId)
    .where('user_id', '=', userId)
    .orderBy('is_primary', 'desc')
    .orderBy('open_department_id')
    .execute();
  return rows.map((r) => r.open_department_id);
}

export async function entitlementVersionOf(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('user_entitlements')
    .select('version')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** Adds one to a user's entitlement version (creating it at 1) and returns the new value. */
export async function bumpEntitlementVersion(
  db: Kysely<Database>,
  userId: string,
  tenantId: string,
  now: Date,
): Promise<number> {
  const row = await db
    .insertInto('user_entitlements')
    .values({ user_id: userId, tenant_id: tenantId, version: 1, updated_at: now })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({
        version: sql`user_entitlements.version + 1`,
        updated_at: now,
      }),
    )
    .returning('version')
    .executeTakeFirstOrThrow();
  return Number(row.version);
}

export interface SessionListQuery {
  userId?: string;
  status: 'active' | 'revoked' | 'all';
  /** Prefix of the user's name or email, or the device name. */
  q?: string;
  limit: number;
  /** Sessions after this one in the order (newest first): keyset paging. */
  after?: { createdAt: Date; id: string };
  offset?: number;
}

/** Totals above this are reported as "more than" (the console's 100k-user scale). */
export const SESSION_TOTAL_CAP = 10_000;

export async function listSessions(
  db: Kysely<Database>,
  tenantId: string,
  query: SessionListQuery,
  now: Date,
) {
  let base = db
    .selectFrom('client_sessions as s')
    .leftJoin('directory_users as u', 'u.id', 's.user_id')
    .innerJoin('identity_sources as src', 'src.id', 's.source_id')
    .where('s.tenant_id', '=', tenantId);
  if (query.userId) base = base.where('s.user_id', '=', query.userId);
  if (query.status === 'active')
    base = base.where('s.revoked_at', 'is', null).where('s.expires_at', '>', now);
  if (query.status === 'revoked') base = base.where('s.revoked_at', 'is not', null);
  if (query.q) {
    const prefix = `${escapeLike(query.q.toLowerCase())}%`;
    base = base.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['u.name']), 'like', prefix),
        eb(eb.fn('lower', ['u.email']), 'like', prefix),
        eb(eb.fn('lower', ['s.device_name']), 'like', prefix),
      ]),
    );
  }
  let page = base
    .select([
      's.id',
      's.user_id',
      's.source_id',
      's.device_id',
      's.device_name',
      's.device_os',
      's.app_version',
      's.ip',
      's.user_agent',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      's.revoked_at',
      's.revoked_reason',
      's.revoked_by',
      'u.name as user_name',
      'u.email as user_email',
      'src.name as source_name',
    ])
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(query.limit + 1);
  if (query.after) {
    const { createdAt, id } = query.after;
    page = page.where(sql<SqlBool>`(s.created_at, s.id) < (${createdAt}, ${id}::uuid)`);
  }
  if (query.offset) page = page.offset(query.offset);
  const counted = db
    .selectFrom(
      base
        .select(sql`1`.as('one'))
        .limit(SESSION_TOTAL_CAP + 1)
        .as('capped'),
    )
    .select((eb) => eb.fn.countAll<number | string>().as('n'));
  const [rows, count] = await Promise.all([page.execute(), counted.executeTakeFirstOrThrow()]);
  const items = rows.slice(0, query.limit);
  const n = Number(count.n);
  return {
    items,
    hasMore: rows.length > query.limit,
    total: Math.min(n, SESSION_TOTAL_CAP),
    totalExact: n <= SESSION_TOTAL_CAP,
  };
}

export type SessionListItem = Awaited<ReturnType<typeof listSessions>>['items'][number];
