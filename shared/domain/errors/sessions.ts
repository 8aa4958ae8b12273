// Errors of the client's tokens and sessions: the token endpoint, the access-token check of
// client APIs, the push stream and the admin's session management.
import { defineErrors } from './define.ts';

const SIGN_IN_AGAIN = {
  en: 'Sign in to Gatehouse again.',
  'zh-CN': '请重新登录 Gatehouse。',
} as const;

export const sessionErrors = defineErrors({
  TOKEN_HANDOFF_INVALID: {
    status: 400,
    message: {
      en: 'The sign-in code is invalid, expired or already used.',
      'zh-CN': '登录凭证无效、已过期或已被使用。',
    },
    fix: SIGN_IN_AGAIN,
  },
  TOKEN_VERIFIER_MISMATCH: {
    status: 400,
    message: {
      en: 'The PKCE code verifier does not match this sign-in; the sign-in code is now spent.',
      'zh-CN': 'PKCE 校验码与本次登录不匹配，该登录凭证已作废。',
    },
    fix: SIGN_IN_AGAIN,
  },
  TOKEN_REFRESH_INVALID: {
    status: 401,
    message: {
      en: 'The refresh token is invalid or expired.',
      'zh-CN': '刷新令牌无效或已过期。',
    },
    fix: SIGN_IN_AGAIN,
  },
  TOKEN_REFRESH_REUSED: {
    status: 401,
    message: {
      en: 'An already used refresh token was presented; this session was signed out for safety.',
      'zh-CN': '检测到已使用过的刷新令牌，为安全起见该会话已退出。',
    },
    fix: {
      en: 'Sign in to Gatehouse again. If this keeps happening, tell your administrator: the token may have been copied.',
      'zh-CN': '请重新登录 Gatehouse。如反复出现，请告知管理员：令牌可能已被复制。',
    },
  },
  TOKEN_DEVICE_MISMATCH: {
    status: 401,
    message: {
      en: 'The refresh token was presented by another device; this session was signed out for safety.',
      'zh-CN': '刷新令牌来自其他设备，为安全起见该会话已退出。',
    },
    fix: SIGN_IN_AGAIN,
  },
  CLIENT_AUTH_REQUIRED: {
    status: 401,
    message: {
      en: 'An access token is required (Authorization: Bearer).',
      'zh-CN': '需要访问令牌（Authorization: Bearer）。',
    },
    fix: SIGN_IN_AGAIN,
  },
  ACCESS_TOKEN_INVALID: {
    status: 401,
    message: { en: 'The access token is not valid.', 'zh-CN': '访问令牌无效。' },
    fix: SIGN_IN_AGAIN,
  },
  ACCESS_TOKEN_EXPIRED: {
    status: 401,
    message: { en: 'The access token has expired.', 'zh-CN': '访问令牌已过期。' },
    fix: {
      en: 'Get a new one with the refresh token.',
      'zh-CN': '请使用刷新令牌获取新的访问令牌。',
    },
  },
  SESSION_SIGNED_OUT: {
    status: 401,
    message: { en: 'You signed out of this session.', 'zh-CN': '您已退出该会话。' },
    fix: SIGN_IN_AGAIN,
  },
  SESSION_REVOKED_BY_ADMIN: {
    status: 401,
    message: {
      en: 'An administrator signed this session out.',
      'zh-CN': '管理员已注销该会话。',
    },
    fix: SIGN_IN_AGAIN,
  },
  SESSION_USER_DISABLED: {
    status: 401,
    message: {
      en: 'Your account was disabled, frozen, or removed from the organization’s directory.',
      'zh-CN': '您的账号已在企业通讯录中被停用、冻结或移除。',
    },
    fix: { en: 'Contact your IT administrator.', 'zh-CN': '请联系 IT 管理员。' },
  },
  SESSION_SOURCE_CLOSED: {
    status: 401,
    message: {
      en: 'The sign-in method of this session was closed by your administrator.',
      'zh-CN': '该会话所用的登录方式已被管理员关闭。',
    },
    fix: { en: 'Contact your IT administrator.', 'zh-CN': '请联系 IT 管理员。' },
  },
  SESSION_TENANT_SUSPENDED: {
    status: 401,
    message: {
      en: 'Your organization was suspended; its sessions were signed out.',
      'zh-CN': '您的企业已被停用，其会话均已退出。',
    },
    fix: { en: 'Contact your IT administrator.', 'zh-CN': '请联系 IT 管理员。' },
  },
  SESSION_EXPIRED: {
    status: 401,
    message: { en: 'This session has expired.', 'zh-CN': '该会话已过期。' },
    fix: SIGN_IN_AGAIN,
  },
  SESSION_NOT_FOUND: {
    status: 404,
    message: { en: 'No such session.', 'zh-CN': '会话不存在。' },
  },
});
