// The error the product throws and the body every 4xx/5xx answer carries:
// {"error":{"code","message","messages":{"en","zh-CN"},"fix"?,"details"?}}.
import type { Locale, LocalizedText } from './define.ts';
import { errorCatalog, type ErrorCode } from './catalog.ts';

export type ErrorParams = Record<string, string | number>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: ErrorParams;
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    options: { params?: ErrorParams; details?: unknown; cause?: unknown } = {},
  ) {
    super(fill(errorCatalog[code].message.en, options.params ?? {}), { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalog[code].status;
    this.params = options.params ?? {};
    this.details = options.details;
  }
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    messages: LocalizedText;
    fix?: string;
    details?: unknown;
  };
}

const fill = (template: string, params: ErrorParams): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );

export function errorBody(
  code: ErrorCode,
  locale: Locale,
  params: ErrorParams = {},
  details?: unknown,
): ErrorBody {
  const def = errorCatalog[code];
  const messages: LocalizedText = {
    en: fill(def.message.en, params),
    'zh-CN': fill(def.message['zh-CN'], params),
  };
  const body: ErrorBody = { error: { code, message: messages[locale], messages } };
  if ('fix' in def && def.fix) body.error.fix = fill(def.fix[locale], params);
  if (details !== undefined) body.error.details = details;
  return body;
}
