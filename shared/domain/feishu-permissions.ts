// The permission table of the vendor guides (reference section 8): which tenant scopes the sync
// needs, which are optional, their names as the Feishu console shows them, and what each is for.
// The three broad contact scopes stand in for every contact scope. Shared: the connectivity
// test and the sync check these, and the admin console shows the same table to grant.
import type { LocalizedText } from './errors/index.ts';

export interface PermissionSpec {
  scope: string;
  required: boolean;
  /** The name in the developer console's "Permissions & Scopes" list. */
  title: LocalizedText;
  /** What the sync loses without it. */
  needFor: LocalizedText;
}

export const BROAD_CONTACT_SCOPES = [
  'contact:contact:readonly_as_app',
  'contact:contact:access_as_app',
  'contact:contact:readonly',
] as const;

export const PERMISSIONS: PermissionSpec[] = [
  {
    scope: 'contact:contact.base:readonly',
    required: true,
    title: { en: 'Read basic contact information', 'zh-CN': '获取通讯录基本信息' },
    needFor: {
      en: 'calling the contact APIs at all (departments, users, contact range)',
      'zh-CN': '调用通讯录接口（部门、用户、通讯录权限范围）',
    },
  },
  {
    scope: 'contact:department.base:readonly',
    required: true,
    title: { en: 'Read basic department information', 'zh-CN': '获取部门基础信息' },
    needFor: { en: 'department names', 'zh-CN': '部门名称' },
  },
  {
    scope: 'contact:department.organize:readonly',
    required: true,
    title: {
      en: 'Read the organization structure of departments',
      'zh-CN': '获取通讯录部门组织架构信息',
    },
    needFor: {
      en: 'the department tree, department leaders and listing sub-departments',
      'zh-CN': '部门层级、部门负责人以及获取子部门列表',
    },
  },
  {
    scope: 'contact:user.base:readonly',
    required: true,
    title: { en: 'Read basic user information', 'zh-CN': '获取用户基本信息' },
    needFor: { en: 'user names', 'zh-CN': '用户姓名' },
  },
  {
    scope: 'contact:user.department:readonly',
    required: true,
    title: { en: "Read users' departments", 'zh-CN': '获取用户组织架构信息' },
    needFor: {
      en: 'which departments each user belongs to, and their leader',
      'zh-CN': '用户所属部门及其直属上级',
    },
  },
  {
    scope: 'contact:user.employee_id:readonly',
    required: true,
    title: { en: 'Read user ID', 'zh-CN': '获取用户 user ID' },
    needFor: {
      en: 'the user_id the default field mapping and matching rule use',
      'zh-CN': '默认字段映射和匹配规则所用的 user_id',
    },
  },
  {
    scope: 'contact:user.employee:readonly',
    required: true,
    title: { en: 'Read user employment information', 'zh-CN': '获取用户受雇信息' },
    needFor: {
      en: 'employment status: without it frozen and resigned people are not recognised',
      'zh-CN': '在职状态：缺少该权限将无法识别冻结和离职人员',
    },
  },
  {
    scope: 'contact:user.email:readonly',
    required: false,
    title: { en: 'Read user email', 'zh-CN': '获取用户邮箱信息' },
    needFor: { en: 'email addresses (left empty without it)', 'zh-CN': '邮箱（缺少时为空）' },
  },
  {
    scope: 'contact:user.phone:readonly',
    required: false,
    title: { en: 'Read user phone number', 'zh-CN': '获取用户手机号' },
    needFor: { en: 'mobile numbers (left empty without it)', 'zh-CN': '手机号（缺少时为空）' },
  },
  {
    scope: 'admin:app.info:readonly',
    required: false,
    title: { en: 'Read app information', 'zh-CN': '获取应用信息' },
    needFor: {
      en: "showing the app's name and scopes in the connectivity test",
      'zh-CN': '在连通性测试中显示应用名称和权限',
    },
  },
];

/** Which Feishu user field each optional scope gates (field mapping warnings). */
export const FIELD_SCOPES: Record<string, string> = {
  email: 'contact:user.email:readonly',
  mobile: 'contact:user.phone:readonly',
};

export const isGranted = (scope: string, granted: Set<string>): boolean =>
  granted.has(scope) ||
  (scope.startsWith('contact:') && BROAD_CONTACT_SCOPES.some((b) => granted.has(b)));

/** Required scopes missing from `granted`. */
export const missingRequired = (granted: Set<string>): PermissionSpec[] =>
  PERMISSIONS.filter((p) => p.required && !isGranted(p.scope, granted));

/** Where an admin fixes a missing permission, in the Feishu console's words. */
export const PERMISSION_FIX: LocalizedText = {
  en: 'In the Feishu developer console, open the app, go to "Permissions & Scopes" and add the scope; then under "Version Management & Release" create a version and submit it: a tenant admin must approve it in the Feishu admin console before it takes effect.',
  'zh-CN':
    '在飞书开发者后台打开该应用，进入“权限管理”开通该权限；然后在“版本管理与发布”中创建版本并申请发布，经企业管理员在飞书管理后台审核通过后生效。',
};
