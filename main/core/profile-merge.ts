// A refresh answer's profile names no department (the control plane keeps its refresh statement
// cheap): the names the client already has for the same ids are kept. An id it cannot name is
// shown as the id until GET /api/v1/session names it (the caller asks when `unnamed` is true).
import type { Profile, ProfileDepartment } from '../../shared/domain/auth/token.ts';

export function keepDepartmentNames(
  next: Profile,
  shown: Pick<Profile, 'departments'> | undefined,
): { profile: Profile; unnamed: boolean } {
  if (next.departments.length > 0 || next.department_ids.length === 0)
    return { profile: next, unnamed: false };
  const known = new Map((shown?.departments ?? []).map((d) => [d.id, d]));
  let unnamed = false;
  const departments = next.department_ids.map((id): ProfileDepartment => {
    const d = known.get(id);
    if (d) return d;
    unnamed = true;
    return { id, name: null, path: [] };
  });
  return { profile: { ...next, departments }, unnamed };
}
