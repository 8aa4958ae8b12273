// Reads everything a full sync needs from Feishu before anything is written: the app's granted
// permissions (a revoked one holds the run), the departments (all of them from the root "0", or
// each selected subtree with fetch_child), then the direct members of every department (and of
// the root itself when syncing all), every page, several departments at a time. Users are
// mapped as their page arrives and handed to the caller's sink (the run's stage in the
// database), so the process keeps only their open_ids while it reads. A user listed without departments
// (the app cannot read them) gets memberships from where they were listed: such records wait in
// memory until every department was read.
import {
  ROOT_DEPARTMENT,
  type DepartmentRecord,
  type UserRecord,
} from '../directory/change-set.ts';
import { grantedTenantScopes } from '../feishu/application-api.ts';
import { departmentChildren, getDepartment, usersByDepartment } from '../feishu/contact-api.ts';
import type { FeishuClient } from '../feishu/feishu-client.ts';
import { isFeishuError } from '../feishu/feishu-error.ts';
import { missingRequired } from '../feishu/permissions.ts';
import type { FeishuDepartment } from '../feishu/schemas.ts';
import type { FieldMapping, SyncScope } from '../../shared/domain/identity-source.ts';
import { mapDepartments } from './map-departments.ts';
import { mapParsedUser } from './map-user.ts';
import { runPool } from './run-pool.ts';

export class MissingPermissionsError extends Error {
  readonly scopes: string[];
  constructor(scopes: string[]) {
    super(`the app lacks required permissions: ${scopes.join(', ')}`);
    this.name = 'MissingPermissionsError';
    this.scopes = scopes;
  }
}

export interface FetchedOrg {
  departments: DepartmentRecord[];
  /** How many users were listed (each was handed to the sink once). */
  listedUsers: number;
  /** Selected departments that no longer exist in Feishu (40015): their subtree is empty. */
  missingSelections: string[];
}

export interface FetchOptions {
  scope: SyncScope;
  mapping: FieldMapping;
  concurrency: number;
  signal?: AbortSignal;
  /** Takes each user once; the fetch waits for it (back-pressure while the stage writes). */
  sink(user: UserRecord): Promise<void>;
}

async function fetchDepartments(
  client: FeishuClient,
  scope: SyncScope,
  concurrency: number,
  signal: AbortSignal | undefined,
): Promise<{ raw: FeishuDepartment[]; missing: string[] }> {
  const raw: FeishuDepartment[] = [];
  const collect = async (parent: string) => {
    for await (const page of departmentChildren(client, parent, { fetchChild: true })) {
      signal?.throwIfAborted();
      raw.push(...page);
    }
  };
  if (scope.kind === 'all') {
    await collect(ROOT_DEPARTMENT);
    return { raw, missing: [] };
  }
  const missing: string[] = [];
  await runPool(
    scope.department_ids,
    concurrency,
    async (id) => {
      try {
        raw.push(await getDepartment(client, id));
      } catch (err) {
        // A selected department deleted in Feishu: its subtree is simply gone.
        if (isFeishuError(err, 'FEISHU_API_ERROR') && err.info.feishuCode === 40015) {
          missing.push(id);
          return;
        }
        throw err;
      }
      await collect(id);
    },
    signal,
  );
  return { raw, missing };
}

export async function fetchOrg(client: FeishuClient, options: FetchOptions): Promise<FetchedOrg> {
  const { scope, mapping, concurrency, signal, sink } = options;
  const granted = await grantedTenantScopes(client);
  const missingScopes = missingRequired(granted).map((p) => p.scope);
  if (missingScopes.length) throw new MissingPermissionsError(missingScopes);

  const { raw, missing } = await fetchDepartments(client, scope, concurrency, signal);
  const departments = mapDepartments(raw);
  const known = new Set(departments.map((d) => d.openDepartmentId));
  if (scope.kind === 'all') known.add(ROOT_DEPARTMENT);

  const listed = new Set<string>();
  /** Users whose memberships came from where they were listed (Feishu did not say). */
  const inferred = new Map<string, UserRecord>();
  await runPool(
    [...known],
    concurrency,
    async (departmentId) => {
      for await (const page of usersByDepartment(client, departmentId)) {
        signal?.throwIfAborted();
        for (const raw of page) {
          if (listed.has(raw.open_id)) {
            const seen = inferred.get(raw.open_id);
            if (seen && !seen.memberships.some((m) => m.openDepartmentId === departmentId)) {
              seen.memberships = [
                ...seen.memberships,
                {
                  openDepartmentId: departmentId,
                  isPrimary: false,
                  userOrder: 0,
                  departmentOrder: seen.memberships.length,
                },
              ];
            }
            continue;
          }
          listed.add(raw.open_id);
          const user = mapParsedUser(raw, mapping, {
            knownDepartments: known,
            foundIn: [departmentId],
          });
          if (!raw.department_ids?.length && !raw.orders?.length) inferred.set(raw.open_id, user);
          else await sink(user);
        }
      }
    },
    signal,
  );
  for (const user of inferred.values()) await sink(user);
  return { departments, listedUsers: listed.size, missingSelections: missing };
}
