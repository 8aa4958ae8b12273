// Self-built apps of a generated world. Ids come from the seed; the secrets (app secret, encrypt
// key, verification token) are random per start unless the caller asks for seeded ones (see
// sandbox/README.md), because a seed is not a secret.
import { randomInt } from 'node:crypto';
import type { Rng } from './generator-rng.ts';
import type { Brand, ContactRange, SandboxApp } from './types.ts';

/** Tenant-token scopes of the Lark SASE guide, plus user.employee (resignations need it). */
export const DEFAULT_TENANT_SCOPES = [
  'admin:app.info:readonly',
  'contact:department.organize:readonly',
  'contact:department.base:readonly',
  'contact:user.email:readonly',
  'contact:user.phone:readonly',
  'contact:user.employee_id:readonly',
  'contact:user.base:readonly',
  'contact:user.department:readonly',
  'contact:contact.base:readonly',
  'contact:user.employee:readonly',
];

/** User-token scopes of the same guide, plus user.employee and offline_access (refresh tokens). */
export const DEFAULT_USER_SCOPES = [
  'contact:department.organize:readonly',
  'contact:department.base:readonly',
  'contact:user.email:readonly',
  'contact:user.phone:readonly',
  'contact:user.employee_id:readonly',
  'contact:user.base:readonly',
  'contact:user.department:readonly',
  'contact:contact.base:readonly',
  'contact:user.employee:readonly',
  'offline_access',
];

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export type SecretSource = 'random' | 'seeded';

const secretChars = (rng: Rng | undefined, length: number): string => {
  if (rng) return rng.alnum(length);
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALNUM[randomInt(ALNUM.length)];
  return out;
};

export interface AppInput {
  tenantKey: string;
  brand: Brand;
  name: string;
  redirectUrls: string[];
  appId?: string;
  appSecret?: string;
  encryptKey?: string;
  verificationToken?: string;
  scopes?: string[];
  userScopes?: string[];
  contactRange?: ContactRange;
  availability?: ContactRange;
}

export function makeApp(input: AppInput, idRng: Rng, secretRng: Rng | undefined): SandboxApp {
  // Draw every id even when given, so a file's explicit values do not shift later draws.
  const appId = `cli_${idRng.hex(16)}`;
  const appSecret = secretChars(secretRng, 32);
  const encryptKey = secretChars(secretRng, 32);
  const verificationToken = secretChars(secretRng, 32);
  return {
    appId: input.appId ?? appId,
    appSecret: input.appSecret ?? appSecret,
    tenantKey: input.tenantKey,
    brand: input.brand,
    name: input.name,
    scopes: [...(input.scopes ?? DEFAULT_TENANT_SCOPES)],
    userScopes: [...(input.userScopes ?? DEFAULT_USER_SCOPES)],
    contactRange: input.contactRange ?? { kind: 'all' },
    availability: input.availability ?? { kind: 'all' },
    redirectUrls: [...input.redirectUrls],
    encryptKey: input.encryptKey ?? encryptKey,
    verificationToken: input.verificationToken ?? verificationToken,
    allowRefresh: true,
    enabled: true,
  };
}
