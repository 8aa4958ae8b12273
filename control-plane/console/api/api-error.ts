// What a failed admin API call becomes: the stable code, the server's message in both
// languages and its fix, or a console-side code when there was no usable answer at all.
import type { ConsoleLanguage } from '../i18n/language.ts';

/** Console-side codes; their wording is in the shell catalog (error.*). */
export const NETWORK_ERROR = 'CONSOLE_NETWORK_ERROR';
export const UNEXPECTED_ANSWER = 'CONSOLE_UNEXPECTED_ANSWER';

export interface ErrorMessages {
  en: string;
  'zh-CN': string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: ErrorMessages | null;
  readonly fix: string | null;
  readonly details: unknown;

  constructor(init: {
    status: number;
    code: string;
    messages: ErrorMessages | null;
    fix?: string | null;
    details?: unknown;
  }) {
    super(init.messages?.en ?? init.code);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.messages = init.messages;
    this.fix = init.fix ?? null;
    this.details = init.details;
  }

  /** The message in the given language, or null when the console must word it itself. */
  messageIn(language: ConsoleLanguage): string | null {
    return this.messages?.[language] ?? null;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the control plane's error body; anything else is an UNEXPECTED_ANSWER. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error) && typeof error.code === 'string' && isRecord(error.messages)) {
    const { en, 'zh-CN': zh } = error.messages;
    if (typeof en === 'string' && typeof zh === 'string')
      return new ApiError({
        status,
        code: error.code,
        messages: { en, 'zh-CN': zh },
        fix: typeof error.fix === 'string' ? error.fix : null,
        details: error.details,
      });
  }
  return new ApiError({ status, code: UNEXPECTED_ANSWER, messages: null });
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
