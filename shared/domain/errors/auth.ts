// Errors of admin sign-in, sessions, CSRF and roles.
import { defineErrors } from './define.ts';

export const authErrors = defineErrors({
  AUTH_REQUIRED: {
    status: 401,
    message: {
      en: 'Sign in to continue; the session is missing or has expired.',
      'zh-CN': '请先登录：会话不存在或已过期。',
    },
    fix: { en: 'Sign in to the console again.', 'zh-CN': '请重新登录管理控制台。' },
  },
  AUTH_INVALID_CREDENTIALS: {
    status: 401,
    message: { en: 'The email or password is incorrect.', 'zh-CN': '邮箱或密码不正确。' },
  },
  AUTH_ACCOUNT_LOCKED: {
    status: 429,
    message: {
      en: 'Too many failed sign-ins. This account is locked for {retryAfterSeconds} seconds.',
      'zh-CN': '登录失败次数过多，该账号已锁定 {retryAfterSeconds} 秒。',
    },
    fix: {
      en: 'Wait and try again, or ask a platform admin to reset the password.',
      'zh-CN': '请稍后再试，或请平台管理员重置密码。',
    },
  },
  AUTH_CSRF_INVALID: {
    status: 403,
    message: {
      en: 'The CSRF token is missing or does not match this session.',
      'zh-CN': 'CSRF 令牌缺失或与当前会话不匹配。',
    },
    fix: {
      en: 'Send the csrf_token returned by sign-in or GET /auth/me in the X-CSRF-Token header.',
      'zh-CN': '请在 X-CSRF-Token 请求头中携带登录或 GET /auth/me 返回的 csrf_token。',
    },
  },
  AUTH_FORBIDDEN: {
    status: 403,
    message: {
      en: 'Your role does not allow this action.',
      'zh-CN': '您的角色无权执行此操作。',
    },
    fix: { en: 'Ask a platform admin.', 'zh-CN': '请联系平台管理员。' },
  },
  AUTH_PASSWORD_WEAK: {
    status: 400,
    message: {
      en: 'The password must have at least {minLength} characters and must not contain the email address.',
      'zh-CN': '密码至少需要 {minLength} 个字符，且不能包含邮箱地址。',
    },
  },
  ADMIN_NOT_FOUND: {
    status: 404,
    message: { en: 'No such admin.', 'zh-CN': '管理员不存在。' },
  },
  ADMIN_EMAIL_TAKEN: {
    status: 409,
    message: {
      en: 'An admin with this email already exists.',
      'zh-CN': '已存在使用该邮箱的管理员。',
    },
  },
  ADMIN_TENANT_MISMATCH: {
    status: 400,
    message: {
      en: 'A tenant admin needs a tenant; a platform admin must not have one.',
      'zh-CN': '租户管理员必须指定租户；平台管理员不能指定租户。',
    },
  },
  ADMIN_SELF_CHANGE_FORBIDDEN: {
    status: 409,
    message: {
      en: 'You cannot disable, delete or change the role of your own account.',
      'zh-CN': '不能禁用、删除自己的账号或修改自己的角色。',
    },
    fix: { en: 'Ask another platform admin.', 'zh-CN': '请让其他平台管理员操作。' },
  },
  ADMIN_LAST_PLATFORM_ADMIN: {
    status: 409,
    message: {
      en: 'This is the last active platform admin; the deployment would have no one to manage it.',
      'zh-CN': '这是最后一个启用中的平台管理员，操作后将无人可以管理本系统。',
    },
    fix: {
      en: 'Create another platform admin first.',
      'zh-CN': '请先创建另一个平台管理员。',
    },
  },
});
