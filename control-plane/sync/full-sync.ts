// The full sync of one identity source (issue 3 sections 5 and 6), the runner behind the job
// queue's RunSync port (runner.ts). It reads everything from Feishu first, then computes the
// change against the directory with the pure differ, then either holds it (deletion protection:
// thresholds, empty org, narrowed scope; revoked permissions and contact-range errors hold the
// run with nothing to approve) or applies it in one transaction that also ends the run. A crash
// anywhere before that commit leaves the directory exactly as it was.
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/domain/errors/index.ts';
import type { Clock } from '../clock.ts';
import { applyChangeSet } from '../directory/apply-change-set.ts';
import { countChanges, type UserRecord } from '../directory/change-set.ts';
import { diffDirectory } from '../directory/diff-directory.ts';
import { loadDirectorySnapshot, type DirectorySnapshot } from '../directory/directory-snapshot.ts';
import type { DirectorySignals } from '../directory/signals.ts';
import { usersByIds } from '../feishu/contact-api.ts';
import { credentialsFingerprint } from '../feishu/credentials-fingerprint.ts';
import { FeishuClient, type FeishuClientOptions } from '../feishu/feishu-client.ts';
import { FeishuError } from '../feishu/feishu-error.ts';
import type { BaseUrls } from '../feishu/hosts.ts';
import type { PaceLimits } from '../feishu/rate-pacer.ts';
import { decryptSourceSecrets } from '../identity-sources/source-secrets.ts';
import type { Logger } from '../observability/logger.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { getSourceById } from '../storage/repositories/identity-sources.ts';
import type { Database, IdentitySourceRow, SyncTrigger } from '../storage/schema.ts';
import { fetchOrg, MissingPermissionsError } from './fetch-org.ts';
import { mapParsedUser } from './map-user.ts';
import { approvedRemovals, storePendingChanges } from './pending-changes.ts';
import type { RunSync, RunSyncOptions, RunSyncResult } from './runner.ts';
import { holdReasons, sameScope, type HoldReason } from './sync-holds.ts';
import { finishRun, setRunPhase, type RunIdentity } from './sync-run-store.ts';

export interface FullSyncDeps {
  db: Kysely<Database>;
  clock: Clock;
  secretBox: SecretBox;
  logger: Logger;
  signals?: DirectorySignals;
  baseUrls?: BaseUrls;
  /** Client-side pacing (default: the platform's 50/s and 1000/min); false for an unthrottled sandbox. */
  pacing?: PaceLimits | false;
  concurrency?: number;
  deleteGraceMs?: number;
  /** Extra client options (tests: short backoff). */
  client?: Partial<Omit<FeishuClientOptions, 'brand' | 'appId' | 'appSecret'>>;
}

/** Users gone from the listings are looked up by id, at most this many, to tell resignation. */
const MAX_VANISHED_LOOKUPS = 5000;
const APPLY_ATTEMPTS = 3;

/** A connectivity test passed with the source's current credentials. */
export const connectivityPassed = (s: IdentitySourceRow): boolean =>
  s.connectivity_status === 'passed' &&
  s.connectivity_report?.checked_credentials_version === s.credentials_version;

export function createFullSync(deps: FullSyncDeps): { runSync: RunSync } {
  const { db, clock, logger } = deps;
  const deleteGraceMs = deps.deleteGraceMs ?? 30 * 86_400_000;

  async function hadSuccess(sourceId: string) {
    const prior = await db
      .selectFrom('sync_runs')
      .select(['scope'])
      .where('source_id', '=', sourceId)
      .where('status', '=', 'succeeded')
      .orderBy('finished_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return prior;
  }

  /** Resigned users among those the listings no longer show (resigned people are not listed). */
  async function resignedAmong(
    client: FeishuClient,
    snapshot: DirectorySnapshot,
    listed: Set<string>,
    source: IdentitySourceRow,
  ): Promise<UserRecord[]> {
    const vanished = snapshot.users
      .filter(
        (u) =>
          !listed.has(u.openId) &&
          u.status !== 'deleted' &&
          !(u.status === 'disabled' && u.disabledReason === 'resigned'),
      )
      .map((u) => u.openId)
      .slice(0, MAX_VANISHED_LOOKUPS);
    if (vanished.length === 0) return [];
    const found = await usersByIds(client, vanished);
    return found
      .filter((u) => u.status?.is_resigned)
      .map((u) => mapParsedUser(u, source.field_mapping));
  }

  async function run(
    sourceId: string,
    requested: SyncTrigger,
    options: RunSyncOptions,
  ): Promise<RunSyncResult> {
    const startedAt = clock.now();
    const source = await getSourceById(db, sourceId);
    if (!source) throw new AppError('SOURCE_NOT_FOUND');
    const ident: RunIdentity = {
      runId: options.runId,
      runnerId: options.runnerId,
      sourceId,
      tenantId: source.tenant_id,
    };
    const runRow = await db
      .selectFrom('sync_runs')
      .select(['approved_run_id'])
      .where('id', '=', options.runId)
      .executeTakeFirst();
    const prior = await hadSuccess(sourceId);
    const firstSync = !prior;
    const trigger: SyncTrigger = firstSync && requested !== 'approval' ? 'first' : requested;
    let apiCalls = () => 0;
    let apiCounts = (): Record<string, number> => ({});
    const end = async (
      outcome: Omit<Parameters<typeof finishRun>[3], 'trigger' | 'apiCalls' | 'startedAt'>,
      trx: Kysely<Database> = db,
    ): Promise<RunSyncResult> => {
      await finishRun(trx, clock, ident, {
        ...outcome,
        // What the run cost on the Open Platform, by endpoint, next to what it changed.
        counts: outcome.counts ? { ...outcome.counts, api: apiCounts() } : undefined,
        trigger,
        apiCalls: apiCalls(),
        startedAt,
      });
      return { runId: options.runId, status: outcome.status };
    };

    if (source.status !== 'enabled')
      return end({ status: 'failed', error: errorOf(new AppError('SYNC_SOURCE_CLOSED')) });
    const { appSecret } = decryptSourceSecrets(deps.secretBox, source);
    const tested = source.connectivity_report?.credentials_fingerprint;
    const current = credentialsFingerprint(deps.secretBox, {
      brand: source.brand,
      appId: source.app_id,
      appSecret,
    });
    // The test must have passed with exactly these credentials (version and, when the result
    // carries one, fingerprint).
    if (!connectivityPassed(source) || (tested !== undefined && tested !== current))
      return end({
        status: 'failed',
        error: errorOf(new AppError('SYNC_CONNECTIVITY_NOT_PASSED')),
      });
    if (!(await setRunPhase(db, ident, { phase: 'fetching', trigger, scope: source.scope }))) {
      return { runId: options.runId, status: 'failed' }; // not ours any more
    }

    const client = new FeishuClient({
      timeoutMs: 30_000,
      ...deps.client,
      brand: source.brand,
      appId: source.app_id,
      appSecret,
      baseUrls: deps.baseUrls,
      pacing: deps.pacing,
      signal: options.signal,
    });
    apiCalls = () => client.stats.requests;
    apiCounts = () => apiCountsOf(client);

    let fetched;
    try {
      fetched = await fetchOrg(client, {
        scope: source.scope,
        mapping: source.field_mapping,
        concurrency: deps.concurrency ?? 8,
        signal: options.signal,
      });
    } catch (err) {
      const hold = fetchHold(err);
      if (hold) return end({ status: 'blocked', holdReasons: [hold] });
      throw err;
    }

    const listed = new Set(fetched.users.map((u) => u.openId));
    const approved = runRow?.approved_run_id
      ? await approvedRemovals(db, runRow.approved_run_id)
      : undefined;
    let resigned: UserRecord[] | undefined;
    for (let attempt = 1; ; attempt++) {
      const snapshot = await loadDirectorySnapshot(db, sourceId);
      resigned ??= await resignedAmong(client, snapshot, listed, source);
      const desired = {
        departments: fetched.departments,
        users: resigned.length ? [...fetched.users, ...resigned] : fetched.users,
      };
      const cs = diffDirectory(sourceId, snapshot, desired, {
        mode: 'full',
        now: clock.now(),
        deleteGraceMs,
        matching: {
          accountField: source.field_mapping.matching.account_field,
          feishuField: source.field_mapping.matching.feishu_field,
        },
      });
      const reasons = holdReasons({
        changeSet: cs,
        activeBefore: snapshot.active,
        thresholds: source.deletion_thresholds,
        firstSync,
        listedUsers: fetched.users.length,
        scopeChanged: Boolean(prior?.scope) && !sameScope(prior!.scope!, source.scope),
        approved,
      });
      if (reasons.length) {
        return db.transaction().execute(async (trx) => {
          const pending = await storePendingChanges(trx, options.runId, cs);
          return end(
            {
              status: 'blocked',
              holdReasons: reasons,
              counts: countChanges(cs),
              baseVersion: snapshot.version,
              pending,
            },
            trx,
          );
        });
      }
      await setRunPhase(db, ident, { phase: 'applying' });
      try {
        let outcome: RunSyncResult | undefined;
        await applyChangeSet(db, cs, {
          expectedVersion: snapshot.version,
          now: clock.now(),
          signals: deps.signals,
          within: async (trx) => {
            outcome = await end(
              { status: 'succeeded', counts: countChanges(cs), baseVersion: snapshot.version },
              trx,
            );
          },
        });
        return outcome!;
      } catch (err) {
        // Events changed the directory meanwhile: recompute against the new state.
        if (
          err instanceof AppError &&
          err.code === 'SYNC_DIRECTORY_CHANGED' &&
          attempt < APPLY_ATTEMPTS
        ) {
          logger.info(
            { runId: options.runId, attempt },
            'directory changed during sync; recomputing',
          );
          continue;
        }
        throw err;
      }
    }
  }

  return {
    async runSync(sourceId, trigger, options) {
      try {
        return await run(sourceId, trigger, options);
      } catch (err) {
        logger.warn(
          { runId: options.runId, sourceId, err: { message: (err as Error)?.message } },
          'sync run failed',
        );
        const source = await getSourceById(db, sourceId).catch(() => undefined);
        await finishRun(
          db,
          clock,
          {
            runId: options.runId,
            runnerId: options.runnerId,
            sourceId,
            tenantId: source?.tenant_id ?? '',
          },
          {
            status: 'failed',
            trigger,
            apiCalls: 0,
            startedAt: clock.now(),
            error: errorOf(err),
          },
        ).catch(() => undefined);
        return { runId: options.runId, status: 'failed' };
      }
    },
  };
}

/** Errors that mean "Feishu cannot be read completely", which must never read as "all left". */
function fetchHold(err: unknown): HoldReason | undefined {
  if (err instanceof MissingPermissionsError) {
    return {
      code: 'SYNC_HELD_SCOPES_REVOKED',
      params: { scopes: err.scopes.join(', ') },
      approvable: false,
    };
  }
  if (
    err instanceof FeishuError &&
    (err.code === 'FEISHU_CONTACT_RANGE_DENIED' || err.code === 'FEISHU_SCOPE_MISSING')
  ) {
    return { code: err.code, params: err.params, approvable: false };
  }
  return undefined;
}

function errorOf(err: unknown): { code: string; message: string; details?: unknown } {
  if (err instanceof AppError) {
    return {
      code: err.code,
      message: err.message,
      ...(err instanceof FeishuError ? { details: err.info } : {}),
    };
  }
  const message =
    (err as Error)?.name === 'AbortError'
      ? 'the run was stopped'
      : String((err as Error)?.message ?? err);
  return { code: 'SYNC_FAILED', message: message.slice(0, 500) };
}

/** Requests by endpoint, and how many of them were rate-limited ("429 <endpoint>"). */
function apiCountsOf(client: FeishuClient): Record<string, number> {
  const s = client.stats;
  const out: Record<string, number> = {
    requests: s.requests,
    retries: s.retries,
    rate_limited: s.rateLimited,
    token_fetches: s.tokenFetches,
  };
  for (const [endpoint, n] of Object.entries(s.byEndpoint)) out[endpoint] = n;
  for (const [endpoint, n] of Object.entries(s.rateLimitedByEndpoint)) out[`429 ${endpoint}`] = n;
  return out;
}
