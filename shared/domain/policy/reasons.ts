// Why a decision came out the way it did: stable codes for logs, APIs and the client's "why"
// view, with the sentence a person reads in en and zh-CN ({policy} is the policy's name).
import type { LocalizedText } from '../errors/define.ts';

export const REASON_CODES = [
  'matched_allow',
  'matched_deny',
  'default_deny',
  'disabled_app',
  'unknown_app',
  'no_application',
  'invalid_destination',
  'entitlements_expired',
  'signed_out',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const REASON_MESSAGES: Readonly<Record<ReasonCode, LocalizedText>> = {
  matched_allow: {
    en: 'Allowed by the policy "{policy}".',
    'zh-CN': '策略“{policy}”允许访问。',
  },
  matched_deny: {
    en: 'Denied by the policy "{policy}".',
    'zh-CN': '策略“{policy}”拒绝访问。',
  },
  default_deny: {
    en: 'No policy gives you access to this application.',
    'zh-CN': '没有任何策略允许你访问此应用。',
  },
  disabled_app: {
    en: 'An administrator has disabled this application.',
    'zh-CN': '管理员已停用此应用。',
  },
  unknown_app: {
    en: 'This application does not exist.',
    'zh-CN': '此应用不存在。',
  },
  no_application: {
    en: 'This address is not part of any application.',
    'zh-CN': '此地址不属于任何应用。',
  },
  invalid_destination: {
    en: 'The destination address is not valid.',
    'zh-CN': '目标地址无效。',
  },
  entitlements_expired: {
    en: 'Your list of applications is out of date; reconnect to Gatehouse to refresh it.',
    'zh-CN': '你的应用列表已过期，请重新连接 Gatehouse 以刷新。',
  },
  signed_out: {
    en: 'Sign in to Gatehouse to open this application.',
    'zh-CN': '请先登录 Gatehouse 再打开此应用。',
  },
};

export function reasonText(
  code: ReasonCode,
  locale: keyof LocalizedText,
  policyName?: string,
): string {
  return REASON_MESSAGES[code][locale].replace('{policy}', policyName ?? '');
}
