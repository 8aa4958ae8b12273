// Counts of a run as a person reads them.
import type { TFunction } from 'i18next';
import type { SyncRun } from '../../api/types.ts';

type T = TFunction;

const n = (group: Record<string, number> | undefined, key: string) => group?.[key] ?? 0;

export function countsText(t: T, counts: SyncRun['counts']): string[] {
  const users = counts.users;
  const departments = counts.departments;
  const lines: string[] = [];
  if (users)
    lines.push(
      t('sync.countsUsers', {
        created: n(users, 'created'),
        updated: n(users, 'updated'),
        disabled: n(users, 'disabled'),
        deleted: n(users, 'deleted'),
      }),
    );
  if (departments)
    lines.push(
      t('sync.countsDepartments', {
        created: n(departments, 'created'),
        updated: n(departments, 'updated'),
        deleted: n(departments, 'deleted'),
      }),
    );
  return lines;
}

/** "Accounts delete 40, disable 2; Departments delete 1" from the pending counts. */
export function pendingText(t: T, pending: Record<string, Record<string, number>>): string {
  return Object.entries(pending)
    .map(([entity, actions]) => {
      const parts = Object.entries(actions)
        .filter(([, count]) => count > 0)
        .map(([action, count]) => `${t(`sync.actions.${action}`)} ${count}`);
      return parts.length
        ? `${t(entity === 'users' || entity === 'user' ? 'sync.user' : 'sync.department')}: ${parts.join(', ')}`
        : '';
    })
    .filter(Boolean)
    .join('; ');
}
