// The just-in-time user fetch behind the JustInTimeUsers port: GET contact/v3/users/:open_id
// with the app's tenant token (the Feishu client of the sync), then the same change a
// contact.user.created event would make (the events' user change and the directory's
// applyChangeSet, so the field mapping, the source's scope and the signals all apply). A user
// Feishu reports in another tenant (42008) is "another tenant"; one the app may not see (41050)
// or one outside the source's synced subtrees is "out of scope".
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../shared/domain/errors/index.ts';
import type { Clock } from '../clock.ts';
import { applyChangeSet } from '../directory/apply-change-set.ts';
import type { DirectorySignals } from '../directory/signals.ts';
import { userEventChange, type MapFeishuUser } from '../events/user-event-change.ts';
import { FeishuClient } from '../feishu/feishu-client.ts';
import { FeishuError } from '../feishu/feishu-error.ts';
import type { BaseUrls } from '../feishu/hosts.ts';
import { userSchema } from '../feishu/schemas.ts';
import { decryptSourceSecrets } from '../identity-sources/source-secrets.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { Database, IdentitySourceRow } from '../storage/schema.ts';
import type { JustInTimeResult, JustInTimeUsers } from './just-in-time-users.ts';

const userData = z.object({ user: userSchema });
const ENDPOINT = 'GET /open-apis/contact/v3/users/:user_id';
const APPLY_ATTEMPTS = 3;
const MAX_CLIENTS = 200;

export interface JustInTimeDeps {
  db: Kysely<Database>;
  clock: Clock;
  secretBox: SecretBox;
  baseUrls: BaseUrls;
  signals: DirectorySignals;
  mapUser: MapFeishuUser;
  timeoutMs?: number;
}

export function createJustInTimeUsers(deps: JustInTimeDeps): JustInTimeUsers {
  // One client per source and credentials version, so its tenant token is reused.
  const clients = new Map<string, FeishuClient>();
  const clientFor = (source: IdentitySourceRow): FeishuClient => {
    const key = `${source.id}:${source.credentials_version}:${source.brand}:${source.app_id}`;
    let client = clients.get(key);
    if (!client) {
      if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value!);
      client = new FeishuClient({
        brand: source.brand,
        appId: source.app_id,
        appSecret: decryptSourceSecrets(deps.secretBox, source).appSecret,
        baseUrls: deps.baseUrls,
        maxAttempts: 2,
        timeoutMs: deps.timeoutMs ?? 10_000,
      });
      clients.set(key, client);
    }
    return client;
  };

  async function fetchUser(source: IdentitySourceRow, openId: string) {
    try {
      const data = await clientFor(source).call({
        method: 'GET',
        endpoint: ENDPOINT,
        path: `/open-apis/contact/v3/users/${encodeURIComponent(openId)}`,
        query: { user_id_type: 'open_id', department_id_type: 'open_department_id' },
        data: userData,
      });
      return { ok: true as const, user: data.user };
    } catch (err) {
      if (!(err instanceof FeishuError)) throw err;
      const code = err.info.feishuCode;
      if (code === 42008) return { ok: false as const, result: { kind: 'other_tenant' } as const };
      if (code === 41050) return { ok: false as const, result: { kind: 'out_of_scope' } as const };
      if (code === 41012) return { ok: false as const, result: { kind: 'not_found' } as const };
      const failure = {
        ...(code !== undefined ? { code } : { error: 'network_error' }),
        ...(err.info.httpStatus !== undefined ? { httpStatus: err.info.httpStatus } : {}),
        ...(err.info.feishuMessage ? { message: err.info.feishuMessage } : {}),
      };
      return { ok: false as const, result: { kind: 'failed', failure } as const };
    }
  }

  return {
    async fetchAndRecord(source, openId): Promise<JustInTimeResult> {
      const fetched = await fetchUser(source, openId);
      if (!fetched.ok) return fetched.result;
      const status = fetched.user.status ?? {};
      if (status.is_resigned || status.is_exited)
        return { kind: 'unavailable', status: 'resigned' };
      if (status.is_frozen) return { kind: 'unavailable', status: 'frozen' };
      if (status.is_activated === false || status.is_unjoin)
        return { kind: 'unavailable', status: 'inactive' };
      for (let attempt = 1; attempt <= APPLY_ATTEMPTS; attempt++) {
        const { changeSet, snapshot } = await userEventChange(deps.db, {
          source,
          user: fetched.user,
          resigned: false,
          now: deps.clock.now(),
          mapUser: deps.mapUser,
        });
        const writes = changeSet.users.create.length + changeSet.users.update.length;
        if (writes === 0) {
          // Nothing to record: outside the synced subtrees (or already there, disabled).
          const known = snapshot.users.find((u) => u.openId === openId);
          return known?.status === 'active'
            ? { kind: 'recorded', userId: known.id }
            : { kind: 'out_of_scope' };
        }
        try {
          await applyChangeSet(deps.db, changeSet, {
            expectedVersion: snapshot.version,
            now: deps.clock.now(),
            signals: deps.signals,
          });
        } catch (err) {
          if (err instanceof AppError && err.code === 'SYNC_DIRECTORY_CHANGED') continue;
          throw err;
        }
        const row = await deps.db
          .selectFrom('directory_users')
          .select(['id', 'status'])
          .where('source_id', '=', source.id)
          .where('open_id', '=', openId)
          .executeTakeFirst();
        if (!row) return { kind: 'not_found' };
        return row.status === 'active'
          ? { kind: 'recorded', userId: row.id }
          : { kind: 'out_of_scope' };
      }
      return { kind: 'failed', failure: { error: 'temporarily_unavailable' } };
    },
  };
}
