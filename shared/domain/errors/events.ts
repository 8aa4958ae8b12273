// Errors of the Feishu/Lark event endpoint (POST /api/v1/feishu/events/:sourceId). Feishu only
// sees the status (a 4xx is not retried as a success); the code and the fix are for the admin
// reading the delivery log or our logs. Every one of them means nothing was stored.
import { defineErrors } from './define.ts';

export const eventErrors = defineErrors({
  EVENT_SOURCE_NOT_FOUND: {
    status: 404,
    message: {
      en: 'No identity source receives events at this URL.',
      'zh-CN': '此地址没有对应的身份源接收事件。',
    },
    fix: {
      en: "Copy the Request URL again from the identity source's settings into the Feishu developer console.",
      'zh-CN': '请从身份源设置中重新复制“请求地址”，填入飞书开放平台的事件订阅配置。',
    },
  },
  EVENT_NOT_CONFIGURED: {
    status: 403,
    message: {
      en: 'This identity source has no Verification Token, so its events cannot be checked.',
      'zh-CN': '该身份源未设置 Verification Token，无法校验事件。',
    },
    fix: {
      en: 'Copy the Verification Token (and the Encrypt Key, if set) from "Events & Callbacks > Encryption Strategy" in the Feishu developer console into the identity source.',
      'zh-CN':
        '请在飞书开放平台“事件与回调 > 加密策略”中复制 Verification Token（以及 Encrypt Key，如已设置），填入身份源设置。',
    },
  },
  EVENT_BODY_INVALID: {
    status: 400,
    message: {
      en: 'The event body is not a Feishu event or URL verification request.',
      'zh-CN': '事件请求体不是飞书事件或 URL 校验请求。',
    },
  },
  EVENT_ENCRYPTION_EXPECTED: {
    status: 400,
    message: {
      en: 'This identity source has an Encrypt Key, but the event was not encrypted.',
      'zh-CN': '该身份源已设置 Encrypt Key，但收到的事件未加密。',
    },
    fix: {
      en: 'Set the same Encrypt Key in the Feishu developer console, or clear it in the identity source.',
      'zh-CN': '请在飞书开放平台设置相同的 Encrypt Key，或在身份源中清除 Encrypt Key。',
    },
  },
  EVENT_ENCRYPT_KEY_NOT_SET: {
    status: 400,
    message: {
      en: 'The event is encrypted, but this identity source has no Encrypt Key.',
      'zh-CN': '事件已加密，但该身份源未设置 Encrypt Key。',
    },
    fix: {
      en: 'Copy the Encrypt Key from "Events & Callbacks > Encryption Strategy" in the Feishu developer console into the identity source.',
      'zh-CN': '请从飞书开放平台“事件与回调 > 加密策略”复制 Encrypt Key，填入身份源设置。',
    },
  },
  EVENT_DECRYPTION_FAILED: {
    status: 400,
    message: {
      en: 'The event could not be decrypted with the Encrypt Key of this identity source.',
      'zh-CN': '无法使用该身份源的 Encrypt Key 解密事件。',
    },
    fix: {
      en: 'Check that the Encrypt Key matches the one in the Feishu developer console.',
      'zh-CN': '请确认 Encrypt Key 与飞书开放平台中的一致。',
    },
  },
  EVENT_SIGNATURE_MISSING: {
    status: 401,
    message: {
      en: 'The event has no X-Lark-Signature, X-Lark-Request-Timestamp or X-Lark-Request-Nonce header.',
      'zh-CN':
        '事件缺少 X-Lark-Signature、X-Lark-Request-Timestamp 或 X-Lark-Request-Nonce 请求头。',
    },
  },
  EVENT_SIGNATURE_INVALID: {
    status: 401,
    message: {
      en: 'The event signature does not match.',
      'zh-CN': '事件签名校验失败。',
    },
    fix: {
      en: 'Check that the Encrypt Key matches the one in the Feishu developer console, and that no proxy rewrites the request body.',
      'zh-CN': '请确认 Encrypt Key 与飞书开放平台中的一致，且没有代理改写请求体。',
    },
  },
  EVENT_TIMESTAMP_STALE: {
    status: 401,
    message: {
      en: 'The event timestamp is more than {windowSeconds} seconds away from our clock.',
      'zh-CN': '事件时间戳与本服务时钟相差超过 {windowSeconds} 秒。',
    },
    fix: {
      en: "Check the server's clock (NTP).",
      'zh-CN': '请检查服务器时钟（NTP 同步）。',
    },
  },
  EVENT_TOKEN_INVALID: {
    status: 401,
    message: {
      en: 'The Verification Token in the event does not match this identity source.',
      'zh-CN': '事件中的 Verification Token 与该身份源不一致。',
    },
    fix: {
      en: 'Copy the Verification Token from the Feishu developer console into the identity source again.',
      'zh-CN': '请从飞书开放平台重新复制 Verification Token 填入身份源。',
    },
  },
  EVENT_APP_MISMATCH: {
    status: 400,
    message: {
      en: 'The event belongs to another Feishu app than this identity source.',
      'zh-CN': '该事件属于另一个飞书应用，与此身份源不符。',
    },
    fix: {
      en: "Set this identity source's Request URL only in the app whose App ID it uses.",
      'zh-CN': '请只在该身份源所用 App ID 对应的应用中配置此请求地址。',
    },
  },
  EVENT_BURST_HELD: {
    status: 409,
    message: {
      en: 'Feishu events would remove more users or departments within {windowMinutes} minutes than the deletion thresholds allow. They were held, not applied.',
      'zh-CN':
        '飞书事件将在 {windowMinutes} 分钟内移除的用户或部门数量超过删除阈值，已拦截，未应用。',
    },
    fix: {
      en: 'Review the held changes, then approve or discard the run.',
      'zh-CN': '请检查被拦截的变更，然后批准或放弃。',
    },
  },
});
