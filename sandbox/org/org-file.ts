// The org file: a small JSON description of the main tenant's org for `--org FILE`, for demos
// that need a known org rather than a generated one. The format is documented in
// sandbox/README.md ("Org file"). Parsing is strict: a typo'd key or a dangling reference is an
// error that names the JSON path of the bad field, e.g. `users[3].departments[0]`.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** The platform's rule for custom department_id (and the sandbox's for user_id). */
export const CUSTOM_ID = /^[a-zA-Z0-9][a-zA-Z0-9_\-@.]{0,63}$/;
const customId = z.string().regex(CUSTOM_ID, 'must match ^[a-zA-Z0-9][a-zA-Z0-9_\\-@.]{0,63}$');

const rangeSchema = z.union([
  z.literal('all'),
  z.strictObject({
    departments: z.array(z.string()).default([]),
    users: z.array(z.string()).default([]),
  }),
]);

const departmentSchema = z.strictObject({
  department_id: customId,
  name: z.string().min(1).max(100),
  en_name: z.string().max(100).optional(),
  /** department_id of the parent; "0" (default) is the root. */
  parent: z.string().default('0'),
  /** user_id of the leader. */
  leader: z.string().optional(),
  order: z.number().int().optional(),
});

const userSchema = z.strictObject({
  user_id: customId,
  name: z.string().min(1).max(64),
  en_name: z.string().max(64).optional(),
  email: z.email().optional(),
  mobile: z
    .string()
    .regex(/^\+\d{6,15}$/, 'must be +<country code><number>, e.g. +8613800000000')
    .optional(),
  /** department_ids; "0" is the root (direct members). */
  departments: z.array(z.string()).min(1).default(['0']),
  status: z.enum(['active', 'frozen', 'resigned']).default('active'),
  job_title: z.string().max(100).optional(),
  city: z.string().max(100).optional(),
  employee_type: z.number().int().min(1).max(5).optional(),
  employee_no: z.string().max(64).optional(),
  /** user_id of the direct manager. */
  leader: z.string().optional(),
  is_tenant_manager: z.boolean().optional(),
  password: z.string().min(1).optional(),
});

const appSchema = z.strictObject({
  name: z.string().min(1).max(100),
  brand: z.enum(['feishu', 'lark']),
  app_id: z
    .string()
    .regex(/^cli_[0-9a-f]{16}$/, 'must be cli_ + 16 lower-case hex characters')
    .optional(),
  app_secret: z.string().min(16).max(64).optional(),
  encrypt_key: z.string().max(64).optional(),
  verification_token: z.string().max(64).optional(),
  scopes: z.array(z.string()).optional(),
  user_scopes: z.array(z.string()).optional(),
  redirect_urls: z.array(z.url()).optional(),
  contact_range: rangeSchema.default('all'),
  availability: rangeSchema.default('all'),
});

const orgFileSchema = z.strictObject({
  tenant: z
    .strictObject({ name: z.string().min(1).max(100).optional(), domain: z.string().optional() })
    .optional(),
  /** Sign-in password of every user without their own. */
  password: z.string().min(1).optional(),
  departments: z.array(departmentSchema).default([]),
  users: z.array(userSchema).min(1),
  apps: z.array(appSchema).optional(),
});

export type OrgFileRange = z.infer<typeof rangeSchema>;
export type OrgFileDepartment = z.infer<typeof departmentSchema>;
export type OrgFileUser = z.infer<typeof userSchema>;
export type OrgFileApp = z.infer<typeof appSchema>;

/** A parsed, cross-checked org file (apps keep the file's snake_case, mapped by world.ts). */
export interface OrgFile {
  tenant?: { name?: string; domain?: string };
  password?: string;
  departments: OrgFileDepartment[];
  users: OrgFileUser[];
  apps?: {
    name: string;
    brand: 'feishu' | 'lark';
    appId?: string;
    appSecret?: string;
    encryptKey?: string;
    verificationToken?: string;
    scopes?: string[];
    userScopes?: string[];
    redirectUrls?: string[];
    contactRange: OrgFileRange;
    availability: OrgFileRange;
  }[];
}

export class OrgFileError extends Error {
  readonly path: string;
  constructor(source: string, path: string, message: string) {
    super(`${source}: ${path || '(root)'}: ${message}`);
    this.name = 'OrgFileError';
    this.path = path;
  }
}

const jsonPath = (path: readonly PropertyKey[]): string =>
  path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');

export async function loadOrgFile(path: string): Promise<OrgFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new OrgFileError(path, '', `cannot read the org file (${(err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new OrgFileError(path, '', `not valid JSON (${(err as Error).message})`);
  }
  return parseOrgFile(json, path);
}

/** Parses and cross-checks an org file; throws OrgFileError naming the first bad field. */
export function parseOrgFile(input: unknown, source = 'org file'): OrgFile {
  const parsed = orgFileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OrgFileError(source, jsonPath(issue?.path ?? []), issue?.message ?? 'invalid');
  }
  const file = parsed.data;
  const fail = (path: string, message: string): never => {
    throw new OrgFileError(source, path, message);
  };

  const deptIds = new Map<string, number>();
  file.departments.forEach((d, i) => {
    if (d.department_id === '0') fail(`departments[${i}].department_id`, '"0" is the root');
    if (deptIds.has(d.department_id)) {
      fail(`departments[${i}].department_id`, `duplicate department_id "${d.department_id}"`);
    }
    deptIds.set(d.department_id, i);
  });
  const userIds = new Map<string, number>();
  const emails = new Set<string>();
  file.users.forEach((u, i) => {
    if (userIds.has(u.user_id)) fail(`users[${i}].user_id`, `duplicate user_id "${u.user_id}"`);
    userIds.set(u.user_id, i);
    if (u.email) {
      if (emails.has(u.email.toLowerCase())) fail(`users[${i}].email`, `duplicate email`);
      emails.add(u.email.toLowerCase());
    }
  });
  const deptRef = (id: string) => id === '0' || deptIds.has(id);

  file.departments.forEach((d, i) => {
    if (!deptRef(d.parent)) fail(`departments[${i}].parent`, `unknown department "${d.parent}"`);
    if (d.leader !== undefined && !userIds.has(d.leader)) {
      fail(`departments[${i}].leader`, `unknown user_id "${d.leader}"`);
    }
    // Walk up; more steps than departments means a cycle.
    let cur = d.parent;
    for (let steps = 0; cur !== '0'; steps += 1) {
      if (steps > file.departments.length || cur === d.department_id) {
        fail(`departments[${i}].parent`, 'the parent chain loops back to this department');
      }
      cur = file.departments[deptIds.get(cur) ?? -1]?.parent ?? '0';
    }
  });
  file.users.forEach((u, i) => {
    u.departments.forEach((d, j) => {
      if (!deptRef(d)) fail(`users[${i}].departments[${j}]`, `unknown department "${d}"`);
    });
    if (new Set(u.departments).size !== u.departments.length) {
      fail(`users[${i}].departments`, 'lists a department twice');
    }
    if (u.leader !== undefined && (!userIds.has(u.leader) || u.leader === u.user_id)) {
      fail(`users[${i}].leader`, `unknown or self user_id "${u.leader}"`);
    }
  });
  file.departments.forEach((d, i) => {
    const leader = d.leader === undefined ? undefined : file.users[userIds.get(d.leader) ?? -1];
    if (leader?.status === 'resigned') {
      fail(`departments[${i}].leader`, `"${d.leader}" has resigned`);
    }
  });
  const appIds = new Set<string>();
  (file.apps ?? []).forEach((a, i) => {
    if (a.app_id) {
      if (appIds.has(a.app_id)) fail(`apps[${i}].app_id`, 'duplicate app_id');
      appIds.add(a.app_id);
    }
    for (const field of ['contact_range', 'availability'] as const) {
      const range = a[field];
      if (range === 'all') continue;
      range.departments.forEach((d, j) => {
        if (!deptIds.has(d))
          fail(`apps[${i}].${field}.departments[${j}]`, `unknown department "${d}"`);
      });
      range.users.forEach((u, j) => {
        if (!userIds.has(u)) fail(`apps[${i}].${field}.users[${j}]`, `unknown user_id "${u}"`);
      });
    }
  });

  return {
    tenant: file.tenant,
    password: file.password,
    departments: file.departments,
    users: file.users,
    apps: file.apps?.map((a) => ({
      name: a.name,
      brand: a.brand,
      appId: a.app_id,
      appSecret: a.app_secret,
      encryptKey: a.encrypt_key,
      verificationToken: a.verification_token,
      scopes: a.scopes,
      userScopes: a.user_scopes,
      redirectUrls: a.redirect_urls,
      contactRange: a.contact_range,
      availability: a.availability,
    })),
  };
}
