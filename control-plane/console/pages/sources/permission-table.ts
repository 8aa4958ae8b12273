// The permissions the app needs (the vendor guides' table; the connectivity test checks the
// same list, control-plane/feishu/permissions.ts, and a unit test keeps the two equal), and the
// JSON the developer console's "Batch import/export scopes > Import" accepts.
export interface ConsolePermission {
  scope: string;
  required: boolean;
  title: { en: string; 'zh-CN': string };
  needFor: { en: string; 'zh-CN': string };
}

export const PERMISSIONS: ConsolePermission[] = [
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

/**
 * The batch-import JSON of the Lark guide: tenant token scopes (all of the above) and user
 * token scopes (the contact ones: app information is read with the tenant token only).
 */
export function batchImportJson(): string {
  const tenant = PERMISSIONS.map((p) => p.scope);
  const user = tenant.filter((s) => s.startsWith('contact:'));
  return JSON.stringify({ scopes: { tenant, user } }, null, 2);
}
