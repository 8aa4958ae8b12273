// Structured logs (pino). Secrets never reach the output: headers that carry them are censored
// by path, every logged object goes through redactDeep, and request URLs are logged without
// their query values for secret-looking keys.
import pino, { type DestinationStream, type Logger } from 'pino';
import { isSecretKey, REDACTED, redactDeep } from './redact.ts';

export type { Logger } from 'pino';

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  // "code" is an OAuth authorization code in a query string (elsewhere it is an error code).
  for (const key of [...params.keys()]) {
    if (key === 'code' || isSecretKey(key)) params.set(key, REDACTED);
  }
  return `${url.slice(0, q)}?${params.toString()}`;
}

const TOP_LEVEL_SECRET_KEYS = [
  'app_secret',
  'appSecret',
  'encrypt_key',
  'encryptKey',
  'verification_token',
  'verificationToken',
  'password',
  'secret',
  'token',
  'access_token',
  'accessToken',
  'tenant_access_token',
  'tenantAccessToken',
  'user_access_token',
  'refresh_token',
  'refreshToken',
  'session_token',
  'sessionToken',
  'csrf_token',
  'csrfToken',
  'master_key',
  'masterKey',
  'cookie',
  'authorization',
];

interface LoggedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  ip?: string;
  headers?: Record<string, unknown>;
}

export function createLogger(options: {
  level: string;
  destination?: DestinationStream;
  name?: string;
}): Logger {
  return pino(
    {
      name: options.name ?? 'control-plane',
      level: options.level,
      redact: {
        // Paths also cover child-logger bindings, which pino stringifies without formatters.
        paths: [
          ...TOP_LEVEL_SECRET_KEYS,
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          'headers.authorization',
          'headers.cookie',
        ],
        censor: REDACTED,
      },
      formatters: {
        log: (object) => redactDeep(object) as Record<string, unknown>,
        bindings: (bindings) => redactDeep(bindings) as Record<string, unknown>,
      },
      serializers: {
        req: (req: LoggedRequest) => ({
          id: req.id,
          method: req.method,
          url: req.url ? redactUrl(req.url) : req.url,
          ip: req.ip,
          userAgent: req.headers?.['user-agent'],
        }),
        err: pino.stdSerializers.err,
      },
    },
    options.destination,
  );
}
