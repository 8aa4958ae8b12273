import { useTranslation } from 'react-i18next';
import type { AppStateSnapshot } from '../../../shared/ipc/state.ts';

type Department = NonNullable<AppStateSnapshot['profile']>['departments'][number];

// The person's departments by name, each with the departments above it ("in A / B") so two
// teams of the same name tell apart. An id stands in for a name the control plane did not send.
export function DepartmentList({ departments }: { departments: Department[] }) {
  const { t } = useTranslation();
  if (departments.length === 0) return <>{t('home.noDepartments')}</>;
  return (
    <ul className="plain-list department-list">
      {departments.map((d) => (
        <li key={d.id}>
          <span className="department-name">{d.name ?? d.id}</span>
          {d.path.length > 0 ? (
            <span className="department-path">
              {t('home.departmentPath', { path: d.path.join(' / ') })}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
