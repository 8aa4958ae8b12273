// Errors of access policies: applications and policies in the admin API, the what-if call,
// the client's entitlements and the access gateways' keys and decision endpoints.
import { defineErrors } from './define.ts';

export const policyErrors = defineErrors({
  POLICY_APPLICATION_NOT_FOUND: {
    status: 404,
    message: { en: 'No such application.', 'zh-CN': '应用不存在。' },
  },
  POLICY_NOT_FOUND: {
    status: 404,
    message: { en: 'No such access policy.', 'zh-CN': '访问策略不存在。' },
  },
  POLICY_UNKNOWN_SUBJECTS: {
    status: 400,
    message: {
      en: 'The directory does not know these subjects: {names}.',
      'zh-CN': '通讯录中不存在这些对象：{names}。',
    },
    fix: {
      en: 'Pick departments and users from the synced directory, or sync the directory first.',
      'zh-CN': '请从已同步的通讯录中选择部门和用户，或先同步通讯录。',
    },
  },
  POLICY_UNKNOWN_APPLICATIONS: {
    status: 400,
    message: {
      en: 'These applications do not exist: {names}.',
      'zh-CN': '这些应用不存在：{names}。',
    },
    fix: {
      en: 'Create the applications first, or choose them by tag.',
      'zh-CN': '请先创建这些应用，或按标签选择。',
    },
  },
  POLICY_APPLICATION_IN_USE: {
    status: 409,
    message: {
      en: 'The application is named by the policies {names}.',
      'zh-CN': '该应用仍被这些策略引用：{names}。',
    },
    fix: {
      en: 'Remove it from those policies (or delete them) first, or disable the application.',
      'zh-CN': '请先从这些策略中移除该应用（或删除这些策略），或者停用该应用。',
    },
  },
  POLICY_REORDER_INVALID: {
    status: 400,
    message: {
      en: 'The reorder names unknown or repeated policies: {names}.',
      'zh-CN': '重新排序中包含不存在或重复的策略：{names}。',
    },
  },
  POLICY_WHAT_IF_USER_NOT_FOUND: {
    status: 404,
    message: {
      en: 'No active directory user with this id in the tenant.',
      'zh-CN': '该租户中没有此 ID 的在职用户。',
    },
  },
  GATEWAY_KEY_REQUIRED: {
    status: 401,
    message: {
      en: 'This endpoint is for access gateways: send the gateway key in X-Gatehouse-Gateway-Key.',
      'zh-CN': '此接口仅供访问网关使用：请在 X-Gatehouse-Gateway-Key 中携带网关密钥。',
    },
    fix: {
      en: 'Create a gateway key in the admin console and configure the gateway to send it.',
      'zh-CN': '请在管理控制台创建网关密钥，并在网关配置中发送它。',
    },
  },
  GATEWAY_KEY_INVALID: {
    status: 401,
    message: {
      en: 'The gateway key is unknown or revoked.',
      'zh-CN': '网关密钥不存在或已吊销。',
    },
    fix: {
      en: 'Create a new gateway key in the admin console and update the gateway configuration.',
      'zh-CN': '请在管理控制台创建新的网关密钥，并更新网关配置。',
    },
  },
  GATEWAY_KEY_NOT_FOUND: {
    status: 404,
    message: { en: 'No such gateway key.', 'zh-CN': '网关密钥不存在。' },
  },
});
