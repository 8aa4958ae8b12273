// Client authentication at the token endpoints: client_id + client_secret in the body, or
// HTTP Basic (client_secret_basic). Using both at once is refused (20070), as documented.
import { timingSafeEqual } from 'node:crypto';
import type { OrgStore } from '../org/org-store.ts';
import type { Brand, SandboxApp } from '../org/types.ts';
import { appOnBrand } from './authorize-request.ts';
import type { TokenErrorCode } from './token-errors.ts';

export type ClientAuth = { ok: true; app: SandboxApp } | { ok: false; code: TokenErrorCode };

function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return { id: '', secret: '' };
  // RFC 6749 2.3.1: both halves are form-encoded before base64.
  const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  try {
    return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  } catch {
    return { id: '', secret: '' };
  }
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function authenticateClient(
  store: OrgStore,
  brand: Brand,
  authorization: string | undefined,
  body: { client_id?: string | undefined; client_secret?: string | undefined },
): ClientAuth {
  const basic = parseBasic(authorization);
  if (basic && body.client_secret) return { ok: false, code: 20070 };
  if (basic && body.client_id && body.client_id !== basic.id) return { ok: false, code: 20002 };
  const id = basic?.id ?? body.client_id;
  const secret = basic?.secret ?? body.client_secret;
  if (!id || !secret) return { ok: false, code: 20001 };
  const app = appOnBrand(store, brand, id);
  if (!app) return { ok: false, code: 20048 };
  if (!same(app.appSecret, secret)) return { ok: false, code: 20002 };
  if (!app.enabled) return { ok: false, code: 20069 };
  return { ok: true, app };
}
