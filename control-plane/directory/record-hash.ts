// Content hashes of directory records. The directory stores them next to each row, so a re-sync
// compares 100k users by hash without loading or rewriting anything that did not change, and can
// tell a change that matters for access (username, mapped attributes, departments) from one that
// does not (an avatar). Objects hash the same whatever order their keys were built in. Hashes
// are remembered per record object: the differ and the writer ask for the same ones.
import { hash } from 'node:crypto';
import type { DepartmentRecord, UserRecord } from './change-set.ts';

const digest = (text: string): string => hash('sha1', text, 'base64');
const SEP = '\u0001';

/** key=value pairs in key order; scalars tagged by type, objects as JSON (they are small). */
function canonical(value: Record<string, unknown>): string {
  let out = '';
  for (const k of Object.keys(value).sort()) {
    const v = value[k];
    const encoded =
      typeof v === 'string'
        ? `s${v}`
        : typeof v === 'number' || typeof v === 'boolean'
          ? `${typeof v === 'number' ? 'n' : 'b'}${v}`
          : `j${JSON.stringify(v)}`;
    out += `${k}\u0002${encoded}\u0003`;
  }
  return out;
}

const text = (v: string | number | null) => (v === null ? '\u0000' : String(v));

export function departmentHash(d: DepartmentRecord): string {
  return digest(
    [
      text(d.departmentId),
      d.name,
      canonical(d.i18nName),
      d.parentOpenDepartmentId,
      d.path,
      text(d.leaderOpenId),
      String(d.sortOrder),
    ].join(SEP),
  );
}

const contentCache = new WeakMap<UserRecord, string>();
const accessCache = new WeakMap<UserRecord, string>();

export function userAccessHash(u: UserRecord): string {
  let h = accessCache.get(u);
  if (h === undefined) {
    const departments = u.memberships
      .map((m) => `${m.openDepartmentId}|${m.isPrimary ? 1 : 0}`)
      .sort()
      .join(';');
    h = digest([text(u.username), canonical(u.attributes), departments].join(SEP));
    accessCache.set(u, h);
  }
  return h;
}

export function userContentHash(u: UserRecord): string {
  let h = contentCache.get(u);
  if (h === undefined) {
    const memberships = u.memberships
      .map(
        (m) => `${m.openDepartmentId}|${m.isPrimary ? 1 : 0}|${m.userOrder}|${m.departmentOrder}`,
      )
      .sort()
      .join(';');
    h = digest(
      [
        u.openId,
        u.unionId,
        text(u.userId),
        text(u.username),
        u.name,
        text(u.enName),
        text(u.email),
        text(u.mobile),
        text(u.employeeNo),
        u.status,
        text(u.disabledReason),
        canonical(u.feishuStatus),
        canonical(u.profile),
        canonical(u.attributes),
        text(u.leaderOpenId),
        memberships,
      ].join(SEP),
    );
    contentCache.set(u, h);
  }
  return h;
}
