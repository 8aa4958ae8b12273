// Who signed in, as the directory knows them: found by open_id (or union_id) in the source's
// synced directory, else fetched just in time. Refuses with the precise reason: another Feishu
// tenant, frozen, resigned, outside the source's scope, disabled, unknown. Also learns the
// source's Feishu tenant_key the first time a user the directory vouches for signs in (ADR 0009).
import type { Kysely } from 'kysely';
import type { ErrorCode } from '../../shared/domain/errors/index.ts';
import type { Database, DirectoryUserRow, IdentitySourceRow } from '../storage/schema.ts';
import { catalogCodeOf, failureParams, type FeishuFailure } from './feishu-errors.ts';
import type { FeishuIdentity } from './feishu-oauth.ts';
import type { JustInTimeUsers } from './just-in-time-users.ts';
import '../storage/session-tables.ts';

export type Resolution =
  { ok: true; userId: string } | { ok: false; code: ErrorCode; params?: Record<string, string> };

const refuse = (code: ErrorCode, params?: Record<string, string>): Resolution => ({
  ok: false,
  code,
  ...(params ? { params } : {}),
});

const fromFailure = (f: FeishuFailure): Resolution => refuse(catalogCodeOf(f), failureParams(f));

/** Why a directory user who is not active may not sign in. */
export function refusalOf(user: DirectoryUserRow): ErrorCode {
  const flags = user.feishu_status ?? {};
  const reason = user.disabled_reason;
  if (reason === 'resigned' || flags.is_resigned) return 'SIGNIN_USER_RESIGNED';
  if (reason === 'frozen' || flags.is_frozen) return 'SIGNIN_USER_FROZEN';
  if (reason === 'left_scope' || reason === 'deleted' || user.status === 'deleted')
    return 'SIGNIN_OUT_OF_SCOPE';
  return 'SIGNIN_USER_DISABLED';
}

async function learnTenantKey(db: Kysely<Database>, sourceId: string, tenantKey: string) {
  await db
    .updateTable('identity_sources')
    .set({ feishu_tenant_key: tenantKey })
    .where('id', '=', sourceId)
    .where('feishu_tenant_key', 'is', null)
    .execute();
}

export async function resolveUser(
  deps: { db: Kysely<Database>; justInTime?: JustInTimeUsers },
  source: IdentitySourceRow,
  who: FeishuIdentity,
): Promise<Resolution> {
  const { db } = deps;
  const known = source.feishu_tenant_key;
  if (known && known !== who.tenantKey) return refuse('SIGNIN_WRONG_TENANT');

  const rows = await db
    .selectFrom('directory_users')
    .selectAll()
    .where('source_id', '=', source.id)
    .where((eb) => eb.or([eb('open_id', '=', who.openId), eb('union_id', '=', who.unionId)]))
    .execute();
  // open_ids are per app, so an open_id match is the app's own user; union_id alone is weaker.
  const user = rows.find((r) => r.open_id === who.openId) ?? rows[0];
  if (user) {
    if (!known && user.open_id === who.openId) await learnTenantKey(db, source.id, who.tenantKey);
    return user.status === 'active' ? { ok: true, userId: user.id } : refuse(refusalOf(user));
  }

  if (!deps.justInTime) return refuse('SIGNIN_USER_NOT_FOUND');
  const fetched = await deps.justInTime.fetchAndRecord(source, who.openId);
  switch (fetched.kind) {
    case 'recorded':
      if (!known) await learnTenantKey(db, source.id, who.tenantKey);
      return { ok: true, userId: fetched.userId };
    case 'other_tenant':
      return refuse('SIGNIN_WRONG_TENANT');
    case 'out_of_scope':
      return refuse('SIGNIN_OUT_OF_SCOPE');
    case 'not_found':
      return refuse('SIGNIN_USER_NOT_FOUND');
    case 'unavailable':
      return refuse(
        fetched.status === 'frozen'
          ? 'SIGNIN_USER_FROZEN'
          : fetched.status === 'resigned'
            ? 'SIGNIN_USER_RESIGNED'
            : 'SIGNIN_USER_NOT_ACTIVATED',
      );
    case 'failed':
      return fromFailure(fetched.failure);
  }
}
