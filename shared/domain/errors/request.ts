// Errors about the request itself: its shape, its size, its route, its rate.
import { defineErrors } from './define.ts';

export const requestErrors = defineErrors({
  REQUEST_VALIDATION_FAILED: {
    status: 400,
    message: {
      en: 'The request has invalid or missing fields.',
      'zh-CN': '请求中有字段缺失或不合法。',
    },
    fix: {
      en: 'Correct the fields listed in details and send the request again.',
      'zh-CN': '请按 details 中列出的字段修正后重新提交。',
    },
  },
  REQUEST_MALFORMED_BODY: {
    status: 400,
    message: { en: 'The request body is not valid JSON.', 'zh-CN': '请求体不是合法的 JSON。' },
    fix: {
      en: 'Send a JSON object with Content-Type: application/json.',
      'zh-CN': '请以 Content-Type: application/json 发送 JSON 对象。',
    },
  },
  REQUEST_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: {
      en: 'This content type is not accepted here.',
      'zh-CN': '不接受该内容类型（Content-Type）。',
    },
    fix: { en: 'Send application/json.', 'zh-CN': '请使用 application/json。' },
  },
  REQUEST_BODY_TOO_LARGE: {
    status: 413,
    message: { en: 'The request body is too large.', 'zh-CN': '请求体过大。' },
  },
  REQUEST_INVALID: {
    status: 400,
    message: { en: 'The request could not be understood.', 'zh-CN': '无法解析该请求。' },
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    message: { en: 'There is no such endpoint.', 'zh-CN': '请求的接口不存在。' },
    fix: {
      en: 'Check the method and path against /api/openapi.json.',
      'zh-CN': '请对照 /api/openapi.json 检查请求方法和路径。',
    },
  },
  RATE_LIMITED: {
    status: 429,
    message: {
      en: 'Too many requests. Try again in {retryAfterSeconds} seconds.',
      'zh-CN': '请求过于频繁，请在 {retryAfterSeconds} 秒后重试。',
    },
  },
  RESOURCE_CONFLICT: {
    status: 409,
    message: {
      en: 'The change conflicts with existing data.',
      'zh-CN': '该修改与已有数据冲突。',
    },
  },
  INTERNAL_ERROR: {
    status: 500,
    message: {
      en: 'An unexpected error occurred. It has been logged with request id {requestId}.',
      'zh-CN': '发生意外错误，已记录日志，请求 ID：{requestId}。',
    },
  },
  SERVICE_NOT_READY: {
    status: 503,
    message: {
      en: 'The service is not ready: {reason}.',
      'zh-CN': '服务尚未就绪：{reason}。',
    },
  },
});
