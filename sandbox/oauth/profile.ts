// The signed-in user's profile as user_info (and the passport userinfo) reports it. Basic fields
// are always there; email, mobile, user_id, enterprise_email and employee_no appear only when
// the app has enabled the matching scope (doc section 3.3). A missing scope drops the field,
// it is not an error.
import type { SandboxContext } from '../context.ts';
import type { Brand, SandboxApp, SandboxUser } from '../org/types.ts';

const EMPLOYEE_NO_SCOPES = [
  'contact:user.employee:readonly',
  'contact:contact:access_as_app',
  'contact:contact:readonly',
  'contact:contact:readonly_as_app',
];

export interface UserProfile {
  name: string;
  en_name: string;
  avatar_url: string;
  avatar_thumb: string;
  avatar_middle: string;
  avatar_big: string;
  open_id: string;
  union_id: string;
  tenant_key: string;
  email?: string;
  enterprise_email?: string;
  user_id?: string;
  mobile?: string;
  employee_no?: string;
}

/** Scopes the app has enabled, for either token type (the doc says "the app must have it"). */
const appScopes = (app: SandboxApp) => new Set([...app.scopes, ...app.userScopes]);

// Same CDN URLs as the contact API's user.avatar (sandbox/org/render.ts).
const AVATAR_HOST: Record<Brand, string> = {
  feishu: 'https://s1-imfile.feishucdn.com/static-resource/v1',
  lark: 'https://s16-imfile.larksuitecdn.com/static-resource/v1',
};

const avatar = (brand: Brand, user: SandboxUser, size: number): string =>
  `${AVATAR_HOST[brand]}/v2_${user.avatarSeed}~?image_size=${size}x${size}&cut_type=&quality=&format=png&sticker_format=.webp`;

export function userProfile(
  ctx: SandboxContext,
  brand: Brand,
  app: SandboxApp,
  user: SandboxUser,
): UserProfile {
  const scopes = appScopes(app);
  const has = (s: string) => scopes.has(s);
  const profile: UserProfile = {
    name: user.name,
    en_name: user.enName,
    avatar_url: avatar(brand, user, 72),
    avatar_thumb: avatar(brand, user, 72),
    avatar_middle: avatar(brand, user, 240),
    avatar_big: avatar(brand, user, 640),
    open_id: ctx.store.openIds.openIdFor(app.appId, user.key),
    union_id: user.unionId,
    tenant_key: user.tenantKey,
  };
  if (has('contact:user.email:readonly') && user.email) profile.email = user.email;
  if (has('contact:user.employee:readonly') && user.enterpriseEmail) {
    profile.enterprise_email = user.enterpriseEmail;
  }
  if (has('contact:user.employee_id:readonly')) profile.user_id = user.userId;
  if (has('contact:user.phone:readonly') && user.mobile) profile.mobile = user.mobile;
  if (EMPLOYEE_NO_SCOPES.some(has) && user.employeeNo) profile.employee_no = user.employeeNo;
  return profile;
}
