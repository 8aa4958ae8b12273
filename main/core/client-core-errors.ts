// The client core's own error codes (enrollment, sign-in, session), each with the zh-CN and en
// text and the fix the UI shows. Errors from the control plane keep the server's catalog code.
import { ClientError, defineClientErrors, type ClientErrorParams } from './client-error.ts';

export const clientCoreErrors = defineClientErrors({
  ENROLL_INVALID_ID: {
    message: {
      en: '"{input}" is not an enterprise verification ID.',
      'zh-CN': '"{input}" 不是有效的企业验证 ID。',
    },
    fix: {
      en: 'It has 12 letters and digits; copy it exactly as IT sent it.',
      'zh-CN': '企业验证 ID 由 12 位字母和数字组成，请按 IT 提供的内容准确输入。',
    },
  },
  ENROLL_NO_CONTROL_PLANE: {
    message: {
      en: 'No Gatehouse server address is configured.',
      'zh-CN': '尚未配置 Gatehouse 服务器地址。',
    },
    fix: {
      en: 'Enter the server address in Settings, or ask IT for it.',
      'zh-CN': '请在“设置”中填写服务器地址，或向 IT 索取。',
    },
  },
  ENROLL_LOCKED: {
    message: {
      en: 'Your organization manages the enterprise ID on this computer.',
      'zh-CN': '此电脑上的企业 ID 由贵组织统一管理。',
    },
    fix: { en: 'Ask IT if it needs to change.', 'zh-CN': '如需修改，请联系 IT。' },
  },
  NOT_ENROLLED: {
    message: {
      en: 'Enter your enterprise verification ID first.',
      'zh-CN': '请先输入企业验证 ID。',
    },
  },
  SOURCE_UNKNOWN: {
    message: {
      en: 'This sign-in method is no longer offered by your organization.',
      'zh-CN': '贵组织已不再提供此登录方式。',
    },
    fix: {
      en: 'Refresh and pick one of the methods shown.',
      'zh-CN': '请刷新后从显示的登录方式中选择。',
    },
  },
  QR_NOT_OFFERED: {
    message: {
      en: 'QR code sign-in is turned off for this sign-in method.',
      'zh-CN': '此登录方式未开启扫码登录。',
    },
    fix: { en: 'Sign in with the browser instead.', 'zh-CN': '请改用浏览器登录。' },
  },
  SIGNIN_NOT_RUNNING: {
    message: { en: 'No sign-in is in progress.', 'zh-CN': '当前没有进行中的登录。' },
  },
  SIGNIN_REFUSED: {
    message: {
      en: 'The sign-in was refused ({reason}).',
      'zh-CN': '登录被拒绝（{reason}）。',
    },
    fix: {
      en: 'Try again; if it keeps failing, tell IT.',
      'zh-CN': '请重试；如仍失败，请联系 IT。',
    },
  },
  APP_NOT_AVAILABLE: {
    message: {
      en: 'This application is not in your current list, or it has no web address.',
      'zh-CN': '此应用不在你当前的应用列表中，或没有网页地址。',
    },
    fix: { en: 'Refresh the list and try again.', 'zh-CN': '请刷新列表后重试。' },
  },
  SIGN_OUT_FORBIDDEN: {
    message: {
      en: 'Your organization does not allow signing out on this computer.',
      'zh-CN': '贵组织不允许在此电脑上退出登录。',
    },
  },
  SESSION_ENDED: {
    message: {
      en: 'Your session has ended. Please sign in again.',
      'zh-CN': '您的会话已结束，请重新登录。',
    },
    fix: { en: 'Sign in again.', 'zh-CN': '请重新登录。' },
  },
  SESSION_REVOKED: {
    message: {
      en: 'Your access was revoked ({reason}).',
      'zh-CN': '您的访问权限已被撤销（{reason}）。',
    },
    fix: {
      en: 'Sign in again; if it is refused, ask IT.',
      'zh-CN': '请重新登录；如被拒绝，请联系 IT。',
    },
  },
  INTERNAL: {
    message: {
      en: 'Something went wrong in Gatehouse ({reason}).',
      'zh-CN': 'Gatehouse 出现内部错误（{reason}）。',
    },
    fix: { en: 'Try again or restart Gatehouse.', 'zh-CN': '请重试或重启 Gatehouse。' },
  },
});

export type ClientCoreErrorCode = keyof typeof clientCoreErrors;

export class ClientCoreError extends ClientError<ClientCoreErrorCode> {
  constructor(
    code: ClientCoreErrorCode,
    options: { params?: ClientErrorParams; cause?: unknown } = {},
  ) {
    super(code, clientCoreErrors[code], options);
    this.name = 'ClientCoreError';
  }
}

/** Any thrown value as a ClientError, so every failure reaches the UI with a code. */
export const asClientError = (error: unknown): ClientError =>
  error instanceof ClientError
    ? error
    : new ClientCoreError('INTERNAL', {
        params: { reason: String((error as Error)?.message ?? error).slice(0, 200) },
        cause: error,
      });
