// What the sandbox knows about the scopes it grants: the console's description per language
// and the sensitivity level that application v6 reports (1 normal, 2 advanced, 3 super
// sensitive, 0 unknown). Descriptions follow the console names in reference section 8; levels
// are a sandbox guess (UNCONFIRMED in sandbox/README.md).
export type Lang = 'zh_cn' | 'en_us' | 'ja_jp';

interface ScopeInfo {
  zh: string;
  en: string;
  level: 0 | 1 | 2 | 3;
}

export const SCOPE_CATALOG: Record<string, ScopeInfo> = {
  'contact:contact.base:readonly': {
    zh: '获取通讯录基本信息',
    en: 'Obtain basic contact information',
    level: 1,
  },
  'contact:department.base:readonly': {
    zh: '获取部门基础信息',
    en: 'Obtain basic department information',
    level: 1,
  },
  'contact:department.organize:readonly': {
    zh: '获取通讯录部门组织架构信息',
    en: 'Obtain department organization information',
    level: 1,
  },
  'contact:department.hrbp:readonly': {
    zh: '获取部门 HRBP 信息',
    en: 'Obtain department HRBP information',
    level: 2,
  },
  'contact:user.base:readonly': {
    zh: '获取用户基本信息',
    en: 'Obtain basic user information',
    level: 1,
  },
  'contact:user.department:readonly': {
    zh: '获取用户组织架构信息',
    en: "Obtain user's organization information",
    level: 1,
  },
  'contact:user.employee:readonly': {
    zh: '获取用户受雇信息',
    en: 'Obtain user employment information',
    level: 2,
  },
  'contact:user.employee_id:readonly': { zh: '获取用户 user ID', en: 'Obtain user ID', level: 2 },
  'contact:user.email:readonly': {
    zh: '获取用户邮箱信息',
    en: 'Obtain user email information',
    level: 2,
  },
  'contact:user.phone:readonly': { zh: '获取用户手机号', en: 'Obtain user phone number', level: 2 },
  'contact:user.id:readonly': {
    zh: '通过手机号或邮箱获取用户 ID',
    en: 'Obtain user ID via email or mobile number',
    level: 2,
  },
  'contact:contact:readonly_as_app': {
    zh: '以应用身份读取通讯录',
    en: 'Read contacts as an app',
    level: 2,
  },
  'contact:contact:access_as_app': {
    zh: '以应用身份访问通讯录',
    en: 'Access contacts as an app',
    level: 3,
  },
  'contact:contact:readonly': { zh: '读取通讯录', en: 'Read contacts', level: 2 },
  'admin:app.info:readonly': { zh: '获取应用信息', en: 'Obtain app information', level: 1 },
  'application:application:self_manage': {
    zh: '获取与更新应用自身信息',
    en: "Obtain and update the app's own information",
    level: 1,
  },
  'auth:user.id:read': { zh: '获取用户 user ID', en: 'Obtain user ID', level: 1 },
  offline_access: { zh: '获取刷新令牌', en: 'Obtain refresh tokens', level: 1 },
};

export function scopeDescription(scope: string, lang: Lang): string {
  const info = SCOPE_CATALOG[scope];
  if (!info) return scope;
  return lang === 'zh_cn' ? info.zh : info.en;
}

export function scopeLevel(scope: string): number {
  return SCOPE_CATALOG[scope]?.level ?? 0;
}

/** The tenant-token contact scopes an app could apply for (the "not granted" rows). */
export const APPLICABLE_TENANT_SCOPES = Object.keys(SCOPE_CATALOG).filter((s) =>
  s.startsWith('contact:'),
);
