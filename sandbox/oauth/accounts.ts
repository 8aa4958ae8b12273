// Who may sign in, and whether a user can still use a token. The sign-in form accepts an email
// or a mobile number (with or without the +86 prefix) and the user's sandbox password.
import { timingSafeEqual } from 'node:crypto';
import type { OrgStore } from '../org/org-store.ts';
import type { Brand, SandboxApp, SandboxUser } from '../org/types.ts';

export type SignInFailure = 'missing' | 'no_account' | 'bad_password' | 'frozen' | 'inactive';
export type SignInResult = { ok: true; user: SandboxUser } | { ok: false; reason: SignInFailure };

/**
 * Whether a tenant's users can sign in on a brand. The model has no tenant brand; a tenant is
 * on the brands of its apps (the generated main tenant has both), and on both without apps.
 */
export function tenantOnBrand(store: OrgStore, tenantKey: string, brand: Brand): boolean {
  let hasApps = false;
  for (const app of store.apps.values()) {
    if (app.tenantKey !== tenantKey) continue;
    if (app.brand === brand) return true;
    hasApps = true;
  }
  return !hasApps;
}

const digits = (s: string) => s.replace(/[^\d+]/g, '');

function matchesAccount(user: SandboxUser, account: string): boolean {
  const a = account.trim();
  if (a.includes('@')) {
    const lower = a.toLowerCase();
    return user.email.toLowerCase() === lower || user.enterpriseEmail.toLowerCase() === lower;
  }
  const d = digits(a);
  if (d.length < 5 || !user.mobile) return false;
  const m = digits(user.mobile);
  return m === d || m === `+86${d}` || (d.startsWith('86') && m === `+${d}`);
}

/** Live users of the brand with that email or mobile. Resigned users no longer exist. */
export function findAccount(store: OrgStore, brand: Brand, account: string): SandboxUser[] {
  const out: SandboxUser[] = [];
  for (const u of store.users.values()) {
    if (u.deleted || u.status.is_resigned) continue;
    if (!tenantOnBrand(store, u.tenantKey, brand)) continue;
    if (matchesAccount(u, account)) out.push(u);
  }
  return out;
}

const samePassword = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function signIn(
  store: OrgStore,
  brand: Brand,
  account: string,
  password: string,
): SignInResult {
  if (!account.trim() || !password) return { ok: false, reason: 'missing' };
  const candidates = findAccount(store, brand, account);
  if (candidates.length === 0) return { ok: false, reason: 'no_account' };
  // One person may have the same email in several tenants; the password picks the account.
  const user = candidates.find((u) => samePassword(u.password, password));
  if (!user) return { ok: false, reason: 'bad_password' };
  const problem = userProblem(user);
  if (problem === 'frozen') return { ok: false, reason: 'frozen' };
  if (problem) return { ok: false, reason: problem === 'inactive' ? 'inactive' : 'no_account' };
  return { ok: true, user };
}

export type UserProblem = 'gone' | 'resigned' | 'frozen' | 'inactive';

export function userProblem(user: SandboxUser | undefined): UserProblem | undefined {
  if (!user) return 'gone';
  if (user.status.is_resigned) return 'resigned';
  if (user.deleted) return 'gone';
  if (user.status.is_frozen) return 'frozen';
  if (!user.status.is_activated || user.status.is_unjoin) return 'inactive';
  return undefined;
}

/**
 * Whether the app's availability lets this user in. Users of another tenant are not judged by
 * it: the sandbox issues them tokens and lets user_info's tenant_key tell the app (README).
 */
export function availableTo(store: OrgStore, app: SandboxApp, user: SandboxUser): boolean {
  return user.tenantKey !== app.tenantKey || store.userAvailable(app, user);
}

/** The control endpoint names users by email, union_id, user_id or mobile; live users win. */
export function findUserByRef(store: OrgStore, ref: string): SandboxUser | undefined {
  const byUnion = store.userByUnionId(ref);
  if (byUnion) return byUnion;
  const matches: SandboxUser[] = [];
  for (const u of store.users.values()) {
    if (u.userId === ref || matchesAccount(u, ref)) matches.push(u);
  }
  return matches.find((u) => !u.deleted) ?? matches[0];
}
