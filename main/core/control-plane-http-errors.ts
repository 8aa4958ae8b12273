// What can go wrong talking to the control plane, each with a stable code, and the mapping from
// got's and Node's low-level errors onto those codes. An HTTP error also carries the control
// plane's own catalog code and localized message from its body {"error":{"code",...}}.
import { z } from 'zod';
import type { Locale } from '../../shared/domain/errors/define.ts';
import {
  ClientError,
  defineClientErrors,
  type ClientErrorParams,
  type ClientErrorView,
} from './client-error.ts';

export const controlPlaneHttpErrors = defineClientErrors({
  CP_UNREACHABLE: {
    message: {
      en: 'Cannot reach the Gatehouse server at {host}.',
      'zh-CN': '无法连接到 Gatehouse 服务器 {host}。',
    },
    fix: {
      en: 'Check your network connection or VPN, then try again. If it persists, ask IT whether the server address is right.',
      'zh-CN': '请检查网络连接或 VPN 后重试。如果问题持续，请向 IT 确认服务器地址是否正确。',
    },
  },
  CP_TIMEOUT: {
    message: {
      en: 'The Gatehouse server at {host} did not answer in time.',
      'zh-CN': 'Gatehouse 服务器 {host} 响应超时。',
    },
    fix: {
      en: 'Try again in a moment; a slow or congested network can cause this.',
      'zh-CN': '请稍后重试；网络缓慢或拥堵可能导致此问题。',
    },
  },
  CP_TLS: {
    message: {
      en: 'The secure connection to {host} failed: the server certificate is not trusted ({reason}).',
      'zh-CN': '与 {host} 的安全连接失败：服务器证书不受信任（{reason}）。',
    },
    fix: {
      en: 'If your company inspects TLS traffic, ask IT to deploy its CA certificate (managed setting ExtraCaCertificatesFile).',
      'zh-CN':
        '如果贵公司对 TLS 流量进行检查，请联系 IT 部署其 CA 证书（托管设置 ExtraCaCertificatesFile）。',
    },
  },
  CP_PROXY: {
    message: {
      en: 'The proxy server refused the connection to {host} ({reason}).',
      'zh-CN': '代理服务器拒绝了到 {host} 的连接（{reason}）。',
    },
    fix: {
      en: 'Check the proxy settings (HTTPS_PROXY, NO_PROXY or the system proxy) with IT.',
      'zh-CN': '请与 IT 核对代理设置（HTTPS_PROXY、NO_PROXY 或系统代理）。',
    },
  },
  CP_CA_FILE_INVALID: {
    message: {
      en: 'The extra CA certificate file {path} cannot be used: {reason}.',
      'zh-CN': '额外 CA 证书文件 {path} 无法使用：{reason}。',
    },
    fix: {
      en: 'Ask IT to fix the file (PEM certificates) or the ExtraCaCertificatesFile setting.',
      'zh-CN': '请联系 IT 修复该文件（PEM 格式证书）或 ExtraCaCertificatesFile 设置。',
    },
  },
  CP_HTTP: {
    message: {
      en: 'The Gatehouse server answered with an error (HTTP {status}).',
      'zh-CN': 'Gatehouse 服务器返回错误（HTTP {status}）。',
    },
  },
  CP_BAD_RESPONSE: {
    message: {
      en: 'The Gatehouse server sent an answer this app does not understand.',
      'zh-CN': 'Gatehouse 服务器返回了本应用无法识别的响应。',
    },
    fix: {
      en: 'Update Gatehouse; if it is current, tell IT (the server may be newer or misconfigured).',
      'zh-CN': '请更新 Gatehouse；如已是最新版本，请告知 IT（服务器版本可能更新或配置有误）。',
    },
  },
  CP_CANCELLED: {
    message: { en: 'The request was cancelled.', 'zh-CN': '请求已取消。' },
  },
});

export type ControlPlaneHttpErrorCode = keyof typeof controlPlaneHttpErrors;

/** The control plane's error body (see shared/domain/errors/app-error.ts), read leniently. */
const serverErrorBodySchema = z.object({
  error: z.object({
    code: z.string().min(1).max(100),
    message: z.string().max(2000).optional(),
    messages: z.object({ en: z.string(), 'zh-CN': z.string() }).partial().optional(),
    fix: z.string().max(2000).optional(),
  }),
});

export interface ServerErrorInfo {
  code: string;
  message?: string;
  messages?: Partial<Record<Locale, string>>;
  fix?: string;
}

export class ControlPlaneHttpError extends ClientError<ControlPlaneHttpErrorCode> {
  /** HTTP status for CP_HTTP. */
  readonly status: number | undefined;
  /** The control plane's catalog error, when the body carried one. */
  readonly server: ServerErrorInfo | undefined;

  constructor(
    code: ControlPlaneHttpErrorCode,
    options: {
      params?: ClientErrorParams;
      cause?: unknown;
      status?: number;
      server?: ServerErrorInfo;
    } = {},
  ) {
    super(code, controlPlaneHttpErrors[code], options);
    this.name = 'ControlPlaneHttpError';
    this.status = options.status;
    this.server = options.server;
  }

  /** The server's own words win when it sent them: they name the real cause and its fix. */
  override describe(locale: Locale): ClientErrorView {
    const own = super.describe(locale);
    if (!this.server) return own;
    const view: ClientErrorView = {
      code: this.server.code,
      message: this.server.messages?.[locale] ?? this.server.message ?? own.message,
    };
    if (this.server.fix) view.fix = this.server.fix;
    return view;
  }
}

export function parseServerError(body: string): ServerErrorInfo | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = serverErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { code, message, messages, fix } = parsed.data.error;
  const info: ServerErrorInfo = { code };
  if (message !== undefined) info.message = message;
  if (messages !== undefined) info.messages = messages;
  if (fix !== undefined) info.fix = fix;
  return info;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** Walks the cause chain: got wraps Node's error, which may wrap the proxy's. */
const causes = (error: unknown): unknown[] => {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current && chain.length < 5) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
};

/** Maps a transport-level failure (no HTTP response) onto a stable code. */
export function classifyTransportError(error: unknown, host: string): ControlPlaneHttpError {
  const chain = causes(error);
  const codes = chain.map(codeOf).filter((c): c is string => c !== undefined);
  const names = chain.map((e) => (e as { name?: unknown }).name);
  const messages = chain.map((e) => String((e as { message?: unknown }).message ?? ''));
  if (
    names.includes('AbortError') ||
    codes.includes('ERR_ABORTED') ||
    codes.includes('ABORT_ERR')
  ) {
    return new ControlPlaneHttpError('CP_CANCELLED', { cause: error, params: { host } });
  }
  if (names.includes('TimeoutError') || codes.includes('ETIMEDOUT')) {
    return new ControlPlaneHttpError('CP_TIMEOUT', { cause: error, params: { host } });
  }
  const tlsCode = codes.find(
    (c) => TLS_CODES.has(c) || c.startsWith('ERR_SSL_') || c.startsWith('ERR_TLS_'),
  );
  if (tlsCode) {
    return new ControlPlaneHttpError('CP_TLS', { cause: error, params: { host, reason: tlsCode } });
  }
  // hpagent reports a refused CONNECT as "Bad response: <status>" without a code.
  const proxyStatus = messages.map((m) => /^Bad response: (\d{3})$/.exec(m)?.[1]).find(Boolean);
  if (proxyStatus) {
    return new ControlPlaneHttpError('CP_PROXY', {
      cause: error,
      params: { host, reason: `HTTP ${proxyStatus}` },
    });
  }
  if (messages.includes('Proxy timeout')) {
    return new ControlPlaneHttpError('CP_TIMEOUT', { cause: error, params: { host } });
  }
  // Refused, reset, DNS failures, no route: from the person's side all mean "cannot reach".
  return new ControlPlaneHttpError('CP_UNREACHABLE', { cause: error, params: { host } });
}
