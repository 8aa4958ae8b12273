// Content hashes of directory records. The directory stores them next to each row, so a re-sync
// compares 100k users by hash without loading or rewriting anything that did not change, and can
// tell a change that matters for access (username, mapped attributes, departments) from one that
// does not (an avatar). Objects hash the same whatever order their keys were built in. Hashes
// are remembered per record object: the differ and the writer ask for the same ones. A record
// may also carry its hashes (KNOWN_USER_HASHES: the full sync's packed records compute them
// once, from the full record, when they pack it).
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

export interface UserHashes {
  content: string;
  access: string;
}

/** A record's own hashes, when it carries them. */
export const KNOWN_USER_HASHES = Symbol('known user hashes');

const knownHashes = (u: UserRecord): UserHashes | undefined =>
  (u as { [KNOWN_USER_HASHES]?: UserHashes })[KNOWN_USER_HASHES];

const contentCache = new WeakMap<UserRecord, string>();
const accessCache = new WeakMap<UserRecord, string>();

/** Both hashes of a record, computed now (not remembered). */
export const userHashes = (u: UserRecord): UserHashes => ({
  content: computeContentHash(u),
  access: computeAccessHash(u),
});

export function userAccessHash(u: UserRecord): string {
  const known = knownHashes(u);
  if (known) return known.access;
  let h = accessCache.get(u);
  if (h === undefined) {
    h = computeAccessHash(u);
    accessCache.set(u, h);
  }
  return h;
}

export function userContentHash(u: UserRecord): string {
  const known = knownHashes(u);
  if (known) return known.content;
  let h = contentCache.get(u);
  if (h === undefined) {
    h = computeContentHash(u);
    contentCache.set(u, h);
  }
  return h;
}

function computeAccessHash(u: UserRecord): string {
  const departments = u.memberships
    .map((m) => `${m.openDepartmentId}|${m.isPrimary ? 1 : 0}`)
    .sort()
    .join(';');
  return digest([text(u.username), canonical(u.attributes), departments].join(SEP));
}

function computeContentHash(u: UserRecord): string {
  const memberships = u.memberships
    .map((m) => `${m.openDepartmentId}|${m.isPrimary ? 1 : 0}|${m.userOrder}|${m.departmentOrder}`)
    .sort()
    .join(';');
  return digest(
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
}
