// Error codes of the local proxy (shown by the UI with the fix).
import { ClientError, defineClientErrors } from '../client-error.ts';

export const proxyErrors = defineClientErrors({
  PROXY_LISTEN_FAILED: {
    message: {
      en: 'Gatehouse could not start its local proxy on 127.0.0.1:{port} ({reason}).',
      'zh-CN': 'Gatehouse 无法在 127.0.0.1:{port} 上启动本地代理（{reason}）。',
    },
    fix: {
      en: 'Another program may use this port; choose another proxy port or let Gatehouse pick one.',
      'zh-CN': '可能有其他程序占用了此端口，请更换代理端口或让 Gatehouse 自动选择。',
    },
  },
});

export type ProxyErrorCode = keyof typeof proxyErrors;

export class ProxyError extends ClientError<ProxyErrorCode> {
  constructor(
    code: ProxyErrorCode,
    options: { params?: Record<string, string | number>; cause?: unknown } = {},
  ) {
    super(code, proxyErrors[code], options);
    this.name = 'ProxyError';
  }
}
