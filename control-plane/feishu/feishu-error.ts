// What can go wrong talking to the Open Platform, as one error type with a catalog code, and the
// mapping from the platform's own codes (reference sections 2, 5.6 and 7). The message names the
// endpoint and the platform's code, never a token, a secret or a request body.
import { AppError, type ErrorCode } from '../../shared/domain/errors/index.ts';

export type FeishuErrorCode = Extract<
  ErrorCode,
  | 'FEISHU_CREDENTIALS_INVALID'
  | 'FEISHU_CONTACT_RANGE_DENIED'
  | 'FEISHU_SCOPE_MISSING'
  | 'FEISHU_APP_UNAVAILABLE'
  | 'FEISHU_UNAVAILABLE'
  | 'FEISHU_API_ERROR'
  | 'FEISHU_BAD_RESPONSE'
>;

export interface FeishuErrorInfo {
  endpoint: string;
  httpStatus?: number;
  feishuCode?: number;
  feishuMessage?: string;
  /** Scopes named by a 99991672 answer's permission_violations. */
  missingScopes?: string[];
  /** Transport problem or last status, for FEISHU_UNAVAILABLE. */
  reason?: string;
}

export class FeishuError extends AppError {
  readonly info: FeishuErrorInfo;
  constructor(code: FeishuErrorCode, info: FeishuErrorInfo, cause?: unknown) {
    super(code, {
      params: {
        endpoint: info.endpoint,
        feishuCode: info.feishuCode ?? 'none',
        feishuMessage: (info.feishuMessage ?? '').slice(0, 200),
        scopes: (info.missingScopes ?? []).join(', ') || 'unknown',
        reason: (info.reason ?? '').slice(0, 200),
      },
      details: info,
      cause,
    });
    this.name = 'FeishuError';
    this.info = info;
  }
}

/** Contact range problems: the app may not see what it asked for (reference 5.6). */
export const CONTACT_RANGE_CODES = new Set([40004, 40014, 41050, 42008]);
/** The token was refused: refresh it once and try again. */
export const TOKEN_INVALID_CODES = new Set([99991661, 99991663, 99991664]);
export const RATE_LIMIT_CODE = 99991400;
/** Refusals of the App ID / App Secret at the token endpoint. */
export const CREDENTIAL_CODES = new Set([10003, 10014, 10015, 99991543, 20046]);
const SCOPE_CODES = new Set([99991672, 99991679]);
const APP_UNAVAILABLE_CODES = new Set([99991673, 212100, 10014]);

export function classifyFeishuCode(
  feishuCode: number,
  info: FeishuErrorInfo,
  atTokenEndpoint: boolean,
): FeishuError {
  const full = { ...info, feishuCode };
  if (atTokenEndpoint && CREDENTIAL_CODES.has(feishuCode))
    return new FeishuError('FEISHU_CREDENTIALS_INVALID', full);
  if (CONTACT_RANGE_CODES.has(feishuCode))
    return new FeishuError('FEISHU_CONTACT_RANGE_DENIED', full);
  if (SCOPE_CODES.has(feishuCode)) return new FeishuError('FEISHU_SCOPE_MISSING', full);
  if (APP_UNAVAILABLE_CODES.has(feishuCode)) return new FeishuError('FEISHU_APP_UNAVAILABLE', full);
  return new FeishuError('FEISHU_API_ERROR', full);
}

export const isFeishuError = (err: unknown, code?: FeishuErrorCode): err is FeishuError =>
  err instanceof FeishuError && (code === undefined || err.code === code);
