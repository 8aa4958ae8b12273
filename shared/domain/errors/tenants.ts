// Errors about tenants and their enterprise verification IDs.
import { defineErrors } from './define.ts';

export const tenantErrors = defineErrors({
  TENANT_NOT_FOUND: {
    status: 404,
    message: { en: 'No such tenant.', 'zh-CN': '租户不存在。' },
    fix: {
      en: 'Check the enterprise verification ID with your IT administrator.',
      'zh-CN': '请向 IT 管理员核对企业验证 ID。',
    },
  },
  TENANT_SUSPENDED: {
    status: 403,
    message: {
      en: 'This organization is suspended.',
      'zh-CN': '该企业已被停用。',
    },
    fix: { en: 'Contact your IT administrator.', 'zh-CN': '请联系 IT 管理员。' },
  },
  TENANT_NAME_TAKEN: {
    status: 409,
    message: { en: 'A tenant with this name already exists.', 'zh-CN': '已存在同名租户。' },
  },
  TENANT_DELETE_NOT_CONFIRMED: {
    status: 400,
    message: {
      en: 'Deleting a tenant removes its identity sources, directory and admins. Confirm it explicitly.',
      'zh-CN': '删除租户会同时删除其身份源、通讯录和管理员，请明确确认。',
    },
    fix: {
      en: 'Send the request again with confirm=true.',
      'zh-CN': '请携带 confirm=true 重新提交。',
    },
  },
});
