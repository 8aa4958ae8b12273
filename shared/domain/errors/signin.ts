// Errors of employee sign-in through the control plane's Feishu/Lark broker: discovery, login
// transactions, the callback's refusals (each with the fix the employee or the admin can apply)
// and the Feishu/Lark error codes the broker maps (the vendor guide's troubleshooting list).
import { defineErrors } from './define.ts';

const CONTACT_ADMIN = {
  en: 'Contact your IT administrator.',
  'zh-CN': '请联系 IT 管理员。',
} as const;
const START_AGAIN = {
  en: 'Start the sign-in again from Gatehouse.',
  'zh-CN': '请在 Gatehouse 中重新发起登录。',
} as const;

export const signinErrors = defineErrors({
  SIGNIN_NO_SOURCE_ENABLED: {
    status: 403,
    message: {
      en: 'No sign-in method is enabled for this organization.',
      'zh-CN': '该企业未启用任何登录方式。',
    },
    fix: {
      en: 'Contact your administrator: an identity source must be enabled in the Gatehouse console.',
      'zh-CN': '请联系管理员：需要在 Gatehouse 控制台中启用一个身份源。',
    },
  },
  SIGNIN_SOURCE_NOT_FOUND: {
    status: 404,
    message: {
      en: 'This sign-in method does not exist for this organization.',
      'zh-CN': '该企业不存在此登录方式。',
    },
    fix: {
      en: 'Enter the enterprise verification ID again and pick a sign-in method from the list.',
      'zh-CN': '请重新输入企业验证 ID，并从列表中选择登录方式。',
    },
  },
  SIGNIN_SOURCE_CLOSED: {
    status: 403,
    message: {
      en: 'This sign-in method has been closed by your administrator.',
      'zh-CN': '该登录方式已被管理员关闭。',
    },
    fix: CONTACT_ADMIN,
  },
  SIGNIN_QR_DISABLED: {
    status: 403,
    message: {
      en: 'QR code sign-in is not enabled for this sign-in method.',
      'zh-CN': '该登录方式未开启扫码登录。',
    },
    fix: {
      en: 'Sign in with the browser instead, or ask your administrator to turn on QR login.',
      'zh-CN': '请改用浏览器登录，或请管理员开启扫码登录。',
    },
  },
  SIGNIN_TRANSACTION_NOT_FOUND: {
    status: 404,
    message: {
      en: 'This sign-in attempt does not exist or has already ended.',
      'zh-CN': '该登录请求不存在或已结束。',
    },
    fix: START_AGAIN,
  },
  SIGNIN_TRANSACTION_EXPIRED: {
    status: 400,
    message: {
      en: 'This sign-in attempt expired before it was completed.',
      'zh-CN': '该登录请求已在完成前过期。',
    },
    fix: START_AGAIN,
  },
  SIGNIN_TOO_MANY_PAGES: {
    status: 429,
    message: {
      en: 'The sign-in page was opened too many times for one sign-in attempt.',
      'zh-CN': '同一登录请求打开登录页面的次数过多。',
    },
    fix: START_AGAIN,
  },
  SIGNIN_STATE_INVALID: {
    status: 400,
    message: {
      en: 'This sign-in response does not belong to a sign-in started here.',
      'zh-CN': '该登录响应不属于此处发起的登录。',
    },
    fix: {
      en: 'Start the sign-in again from Gatehouse; do not reuse old links or bookmarks.',
      'zh-CN': '请在 Gatehouse 中重新发起登录，不要使用旧链接或书签。',
    },
  },
  SIGNIN_STATE_USED: {
    status: 400,
    message: {
      en: 'This sign-in response was already used.',
      'zh-CN': '该登录响应已被使用。',
    },
    fix: START_AGAIN,
  },
  SIGNIN_DENIED: {
    status: 403,
    message: {
      en: 'The authorization was declined in Feishu/Lark.',
      'zh-CN': '已在飞书/Lark 中拒绝授权。',
    },
    fix: {
      en: 'Sign in again and choose Authorize.',
      'zh-CN': '请重新登录并点击“授权”。',
    },
  },
  SIGNIN_USER_RESIGNED: {
    status: 403,
    message: {
      en: 'Your Feishu/Lark account has left the organization.',
      'zh-CN': '您的飞书/Lark 账号已离职。',
    },
    fix: {
      en: 'If this is wrong, ask your administrator to restore the account in Feishu/Lark.',
      'zh-CN': '如有误，请联系管理员在飞书/Lark 中恢复该账号。',
    },
  },
  SIGNIN_USER_FROZEN: {
    status: 403,
    message: {
      en: 'Your Feishu/Lark account is frozen.',
      'zh-CN': '您的飞书/Lark 账号已被冻结。',
    },
    fix: {
      en: 'Ask your Feishu/Lark administrator to unfreeze the account.',
      'zh-CN': '请联系飞书/Lark 管理员解冻该账号。',
    },
  },
  SIGNIN_USER_NOT_ACTIVATED: {
    status: 403,
    message: {
      en: 'Your Feishu/Lark account has not been activated yet.',
      'zh-CN': '您的飞书/Lark 账号尚未激活。',
    },
    fix: {
      en: 'Accept the invitation and activate the account in Feishu/Lark, then sign in again.',
      'zh-CN': '请先在飞书/Lark 中接受邀请并激活账号，然后重新登录。',
    },
  },
  SIGNIN_USER_DISABLED: {
    status: 403,
    message: {
      en: 'Your account is disabled in this organization’s directory.',
      'zh-CN': '您的账号在该企业通讯录中已被停用。',
    },
    fix: CONTACT_ADMIN,
  },
  SIGNIN_USER_NOT_FOUND: {
    status: 403,
    message: {
      en: 'Your Feishu/Lark account was not found in this organization.',
      'zh-CN': '在该企业中找不到您的飞书/Lark 账号。',
    },
    fix: {
      en: 'Sign in with your work account, or ask your administrator to check the directory sync.',
      'zh-CN': '请使用工作账号登录，或请管理员检查通讯录同步。',
    },
  },
  SIGNIN_OUT_OF_SCOPE: {
    status: 403,
    message: {
      en: 'Your account is outside the departments this sign-in method serves.',
      'zh-CN': '您的账号不在该登录方式的同步范围内。',
    },
    fix: {
      en: 'The administrator must add your department to the identity source’s sync scope and to the app’s contact range in Feishu/Lark.',
      'zh-CN': '需要管理员将您的部门加入身份源的同步范围，以及飞书/Lark 应用的通讯录权限范围。',
    },
  },
  SIGNIN_NO_APP_PERMISSION: {
    status: 403,
    message: {
      en: 'You do not have application permissions.',
      'zh-CN': '您没有该应用的使用权限。',
    },
    fix: {
      en: 'A Feishu/Lark super administrator must widen the app’s availability (visibility scope) to include you.',
      'zh-CN': '需要飞书/Lark 超级管理员修改应用的可用范围，将您加入其中。',
    },
  },
  SIGNIN_WRONG_TENANT: {
    status: 403,
    message: {
      en: 'This Feishu/Lark account belongs to another organization.',
      'zh-CN': '该飞书/Lark 账号属于其他企业。',
    },
    fix: {
      en: 'Switch account in the Feishu/Lark sign-in page (or sign out there) and sign in with your account of this organization.',
      'zh-CN': '请在飞书/Lark 登录页切换账号（或先退出），使用本企业的账号登录。',
    },
  },
  SIGNIN_FEISHU_CODE_INVALID: {
    status: 400,
    message: {
      en: 'The Feishu/Lark authorization code is invalid, expired or already used (Feishu error {feishuCode}).',
      'zh-CN': '飞书/Lark 授权码无效、已过期或已被使用（飞书错误码 {feishuCode}）。',
    },
    fix: START_AGAIN,
  },
  SIGNIN_FEISHU_APP_CREDENTIALS: {
    status: 502,
    message: {
      en: 'Feishu/Lark does not accept this sign-in method’s App ID or App Secret (Feishu error {feishuCode}).',
      'zh-CN': '飞书/Lark 不接受该登录方式的 App ID 或 App Secret（飞书错误码 {feishuCode}）。',
    },
    fix: {
      en: 'The administrator must re-enter the App ID and App Secret of the identity source and run the connectivity test.',
      'zh-CN': '需要管理员重新填写身份源的 App ID 和 App Secret，并进行连通性测试。',
    },
  },
  SIGNIN_FEISHU_APP_UNAVAILABLE: {
    status: 502,
    message: {
      en: 'The Feishu/Lark app is disabled, not installed or not approved in the organization (Feishu error {feishuCode}).',
      'zh-CN': '飞书/Lark 应用已停用、未安装或未在企业中审核通过（飞书错误码 {feishuCode}）。',
    },
    fix: {
      en: 'The administrator must publish the app version and have the enterprise administrator approve it in the Feishu/Lark admin console.',
      'zh-CN': '需要管理员发布应用版本，并由企业管理员在飞书/Lark 管理后台审核通过。',
    },
  },
  SIGNIN_FEISHU_NO_DEPARTMENT_PERMISSION: {
    status: 403,
    message: {
      en: 'The app does not have the required department permissions (Feishu error 40004).',
      'zh-CN': '应用缺少所需的部门权限（飞书错误码 40004）。',
    },
    fix: {
      en: 'The administrator must widen the app’s visibility scope (contact range) in the Feishu/Lark Open Platform.',
      'zh-CN': '需要管理员在飞书/Lark 开放平台扩大应用的可见范围（通讯录权限范围）。',
    },
  },
  SIGNIN_FEISHU_REDIRECT_MISMATCH: {
    status: 502,
    message: {
      en: 'Feishu/Lark refused the redirect URL (Feishu error {feishuCode}).',
      'zh-CN': '飞书/Lark 拒绝了重定向 URL（飞书错误码 {feishuCode}）。',
    },
    fix: {
      en: 'The administrator must add {redirectUrl} under Security Settings → Redirect URLs of the app.',
      'zh-CN': '需要管理员在应用的“安全设置 → 重定向 URL”中添加 {redirectUrl}。',
    },
  },
  SIGNIN_FEISHU_SCOPE_MISSING: {
    status: 502,
    message: {
      en: 'The Feishu/Lark app lacks a permission the sign-in needs (Feishu error {feishuCode}).',
      'zh-CN': '飞书/Lark 应用缺少登录所需的权限（飞书错误码 {feishuCode}）。',
    },
    fix: {
      en: 'The administrator must enable the app’s user-token scopes listed in the setup guide and publish a new version.',
      'zh-CN': '需要管理员按接入指南开通应用的用户身份权限，并发布新版本。',
    },
  },
  SIGNIN_FEISHU_BRAND_MISMATCH: {
    status: 502,
    message: {
      en: 'The app belongs to the other platform (Feishu vs Lark) (Feishu error {feishuCode}).',
      'zh-CN': '应用属于另一个平台（飞书与 Lark 不一致）（飞书错误码 {feishuCode}）。',
    },
    fix: {
      en: 'The administrator must set the identity source’s brand to the platform the app was created on.',
      'zh-CN': '需要管理员将身份源的品牌设置为创建应用的平台。',
    },
  },
  SIGNIN_FEISHU_RATE_LIMITED: {
    status: 503,
    message: {
      en: 'Feishu/Lark is limiting requests from this organization’s app right now.',
      'zh-CN': '飞书/Lark 当前正在限制该企业应用的请求频率。',
    },
    fix: {
      en: 'Wait a minute and sign in again.',
      'zh-CN': '请稍等一分钟后重新登录。',
    },
  },
  SIGNIN_FEISHU_UNAVAILABLE: {
    status: 503,
    message: {
      en: 'Feishu/Lark could not be reached or failed to answer.',
      'zh-CN': '无法连接飞书/Lark，或其未能正常响应。',
    },
    fix: { en: 'Try again in a moment.', 'zh-CN': '请稍后重试。' },
  },
  SIGNIN_FEISHU_ERROR: {
    status: 502,
    message: {
      en: 'Feishu/Lark refused the sign-in (Feishu error {feishuCode}: {feishuMessage}).',
      'zh-CN': '飞书/Lark 拒绝了本次登录（飞书错误码 {feishuCode}：{feishuMessage}）。',
    },
    fix: {
      en: 'Look the error code up in the Feishu/Lark generic error codes reference, or give it to your administrator.',
      'zh-CN': '请在飞书/Lark 通用错误码文档中查询该错误码，或将其提供给管理员。',
    },
  },
});
