// Errors about identity sources (Feishu/Lark apps) and their settings.
import { defineErrors } from './define.ts';

export const identitySourceErrors = defineErrors({
  SOURCE_NOT_FOUND: {
    status: 404,
    message: { en: 'No such identity source.', 'zh-CN': '身份源不存在。' },
  },
  SOURCE_NAME_TAKEN: {
    status: 409,
    message: {
      en: 'This tenant already has an identity source with this name.',
      'zh-CN': '该租户下已存在同名身份源。',
    },
  },
  SOURCE_APP_ID_TAKEN: {
    status: 409,
    message: {
      en: 'This tenant already has an identity source for this App ID.',
      'zh-CN': '该租户下已有使用此 App ID 的身份源。',
    },
  },
  SOURCE_CLOSE_NOT_CONFIRMED: {
    status: 400,
    message: {
      en: 'Closing this identity source stops its users from signing in. Confirm it explicitly.',
      'zh-CN': '关闭该身份源后，其用户将无法登录，请明确确认。',
    },
    fix: {
      en: 'Send the request again with "confirm": true.',
      'zh-CN': '请携带 "confirm": true 重新提交。',
    },
  },
  SOURCE_DELETE_NOT_CLOSED: {
    status: 409,
    message: {
      en: 'Only a closed identity source can be deleted.',
      'zh-CN': '只能删除已关闭的身份源。',
    },
    fix: { en: 'Close the identity source first.', 'zh-CN': '请先关闭该身份源。' },
  },
  SOURCE_SYNC_USER_INFO_NEEDS_AUTO_SYNC: {
    status: 400,
    message: {
      en: 'Syncing user information needs automatic sync to be on.',
      'zh-CN': '同步用户信息需要先开启自动同步。',
    },
    fix: {
      en: 'Turn on auto_sync, or turn off sync_user_info.',
      'zh-CN': '请开启 auto_sync，或关闭 sync_user_info。',
    },
  },
  SOURCE_SCHEDULE_INVALID: {
    status: 400,
    message: {
      en: 'The sync schedule is not valid: {reason}.',
      'zh-CN': '同步周期不合法：{reason}。',
    },
    fix: {
      en: 'Use an interval of 1 to 24 hours or a five-field cron expression that runs at most once an hour, e.g. "0 0 * * *".',
      'zh-CN':
        '请使用 1 到 24 小时的间隔，或每小时最多运行一次的五段式 cron 表达式，例如 "0 0 * * *"。',
    },
  },
  SOURCE_FIELD_MAPPING_INVALID: {
    status: 400,
    message: {
      en: 'The field mapping is not valid: {reason}.',
      'zh-CN': '字段映射不合法：{reason}。',
    },
  },
  DIRECTORY_DEPARTMENT_NOT_FOUND: {
    status: 404,
    message: { en: 'No such department.', 'zh-CN': '部门不存在。' },
  },
  DIRECTORY_USER_NOT_FOUND: {
    status: 404,
    message: { en: 'No such user.', 'zh-CN': '用户不存在。' },
  },
});
