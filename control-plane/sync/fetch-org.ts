// Reads everything a full sync needs from Feishu before anything is written: the app's granted
// permissions (a revoked one holds the run), the departments (all of them from the root "0", or
// each selected subtree with fetch_child), then the direct members of every department (and of
// the root itself when syncing all), every page, several departments at a time. Users are
// mapped and packed as their page arrives (packed-users.ts), so the run holds only compact
// records, mostly outside the JS heap.
import {
  copyUserRecord,
  ROOT_DEPARTMENT,
  type DepartmentRecord,
  type UserRecord,
} from '../directory/change-set.ts';
import { grantedTenantScopes } from '../feishu/application-api.ts';
import { departmentChildren, getDepartment, usersByDepartment } from '../feishu/contact-api.ts';
import type { FeishuClient } from '../feishu/feishu-client.ts';
import { isFeishuError } from '../feishu/feishu-error.ts';
import { missingRequired } from '../../shared/domain/feishu-permissions.ts';
import type { FeishuDepartment } from '../feishu/schemas.ts';
import type { FieldMapping, SyncScope } from '../../shared/domain/identity-source.ts';
import { mapDepartments } from './map-departments.ts';
import { mapParsedUser } from './map-user.ts';
import { UserPacker } from './packed-users.ts';
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
  users: UserRecord[];
  /** Selected departments that no longer exist in Feishu (40015): their subtree is empty. */
  missingSelections: string[];
}

export interface FetchOptions {
  scope: SyncScope;
  mapping: FieldMapping;
  concurrency: number;
  signal?: AbortSignal;
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
  const { scope, mapping, concurrency, signal } = options;
  const granted = await grantedTenantScopes(client);
  const missingScopes = missingRequired(granted).map((p) => p.scope);
  if (missingScopes.length) throw new MissingPermissionsError(missingScopes);

  const { raw, missing } = await fetchDepartments(client, scope, concurrency, signal);
  const departments = mapDepartments(raw);
  const known = new Set(departments.map((d) => d.openDepartmentId));
  if (scope.kind === 'all') known.add(ROOT_DEPARTMENT);

  const users = new Map<string, UserRecord>();
  const packer = new UserPacker();
  /** Users whose memberships came from where they were listed (Feishu did not say). */
  const inferred = new Set<string>();
  await runPool(
    [...known],
    concurrency,
    async (departmentId) => {
      for await (const page of usersByDepartment(client, departmentId)) {
        signal?.throwIfAborted();
        for (const raw of page) {
          const seen = users.get(raw.open_id);
          if (seen) {
            if (
              inferred.has(raw.open_id) &&
              !seen.memberships.some((m) => m.openDepartmentId === departmentId)
            ) {
              // Packed records do not change: pack the record again with one more membership.
              const plain = copyUserRecord(seen);
              const membership = {
                openDepartmentId: departmentId,
                isPrimary: false,
                userOrder: 0,
                departmentOrder: plain.memberships.length,
              };
              users.set(
                raw.open_id,
                packer.pack({ ...plain, memberships: [...plain.memberships, membership] }),
              );
            }
            continue;
          }
          if (!raw.department_ids?.length && !raw.orders?.length) inferred.add(raw.open_id);
          users.set(
            raw.open_id,
            packer.pack(
              mapParsedUser(raw, mapping, {
                knownDepartments: known,
                foundIn: [departmentId],
              }),
            ),
          );
        }
      }
    },
    signal,
  );
  return { departments, users: [...users.values()], missingSelections: missing };
}
