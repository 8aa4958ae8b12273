// Feishu/Lark error codes the sign-in can meet (v2 token endpoint, user_info, contact API,
// gateway), mapped to catalog errors with their fix, as the vendor guide's troubleshooting
// section does (40004: widen the app's visibility scope; "no application permissions": widen
// the app's availability). Unlisted codes become SIGNIN_FEISHU_ERROR with the code shown.
import type { ErrorCode } from '../../shared/domain/errors/index.ts';

const BY_CODE: Record<number, ErrorCode> = {
  // The app's credentials or identity.
  10003: 'SIGNIN_FEISHU_APP_CREDENTIALS',
  10014: 'SIGNIN_FEISHU_APP_CREDENTIALS',
  10015: 'SIGNIN_FEISHU_APP_CREDENTIALS',
  20002: 'SIGNIN_FEISHU_APP_CREDENTIALS',
  20024: 'SIGNIN_FEISHU_APP_CREDENTIALS',
  20025: 'SIGNIN_FEISHU_APP_CREDENTIALS',
  20028: 'SIGNIN_FEISHU_APP_CREDENTIALS',
  20048: 'SIGNIN_FEISHU_APP_CREDENTIALS',
  99991543: 'SIGNIN_FEISHU_APP_CREDENTIALS',
  // The app is not usable in the tenant.
  20009: 'SIGNIN_FEISHU_APP_UNAVAILABLE',
  20042: 'SIGNIN_FEISHU_APP_UNAVAILABLE',
  20069: 'SIGNIN_FEISHU_APP_UNAVAILABLE',
  99991673: 'SIGNIN_FEISHU_APP_UNAVAILABLE',
  // The authorization code.
  20003: 'SIGNIN_FEISHU_CODE_INVALID',
  20004: 'SIGNIN_FEISHU_CODE_INVALID',
  20065: 'SIGNIN_FEISHU_CODE_INVALID',
  // The user.
  20008: 'SIGNIN_USER_NOT_FOUND',
  20010: 'SIGNIN_NO_APP_PERMISSION',
  20021: 'SIGNIN_USER_RESIGNED',
  20022: 'SIGNIN_USER_FROZEN',
  20023: 'SIGNIN_USER_NOT_ACTIVATED',
  // "User status invalid": the platform's word for a user who may not sign in now; frozen is
  // the case it is documented with (ADR 0009).
  20066: 'SIGNIN_USER_FROZEN',
  // Settings of the app in the developer console.
  20029: 'SIGNIN_FEISHU_REDIRECT_MISMATCH',
  20071: 'SIGNIN_FEISHU_REDIRECT_MISMATCH',
  20027: 'SIGNIN_FEISHU_SCOPE_MISSING',
  20068: 'SIGNIN_FEISHU_SCOPE_MISSING',
  99991672: 'SIGNIN_FEISHU_SCOPE_MISSING',
  99991679: 'SIGNIN_FEISHU_SCOPE_MISSING',
  20046: 'SIGNIN_FEISHU_BRAND_MISMATCH',
  // Contact API answers of the just-in-time user fetch.
  40004: 'SIGNIN_FEISHU_NO_DEPARTMENT_PERMISSION',
  40014: 'SIGNIN_FEISHU_NO_DEPARTMENT_PERMISSION',
  41050: 'SIGNIN_OUT_OF_SCOPE',
  42008: 'SIGNIN_WRONG_TENANT',
  // Their side, for now.
  20050: 'SIGNIN_FEISHU_UNAVAILABLE',
  20072: 'SIGNIN_FEISHU_UNAVAILABLE',
  55001: 'SIGNIN_FEISHU_UNAVAILABLE',
  99991400: 'SIGNIN_FEISHU_RATE_LIMITED',
};

/** RFC 6749 `error` strings of the legacy passport endpoints, which carry no numeric code. */
const BY_OAUTH_ERROR: Record<string, ErrorCode> = {
  invalid_client: 'SIGNIN_FEISHU_APP_CREDENTIALS',
  unauthorized_client: 'SIGNIN_FEISHU_APP_UNAVAILABLE',
  server_error: 'SIGNIN_FEISHU_UNAVAILABLE',
  temporarily_unavailable: 'SIGNIN_FEISHU_UNAVAILABLE',
  /** Ours: the request did not get an answer (timeout, refused connection). */
  network_error: 'SIGNIN_FEISHU_UNAVAILABLE',
};

export interface FeishuFailure {
  /** The platform's numeric code, when it gave one. */
  code?: number;
  /** An RFC 6749 error string (passport endpoints), when it gave one. */
  error?: string;
  message?: string;
  httpStatus?: number;
}

export function catalogCodeOf(f: FeishuFailure): ErrorCode {
  if (f.code !== undefined && BY_CODE[f.code]) return BY_CODE[f.code]!;
  if (f.code === undefined && f.error && BY_OAUTH_ERROR[f.error]) return BY_OAUTH_ERROR[f.error]!;
  if (f.code === undefined && f.httpStatus !== undefined && f.httpStatus >= 500)
    return 'SIGNIN_FEISHU_UNAVAILABLE';
  return 'SIGNIN_FEISHU_ERROR';
}

/** What a failure shows: the code (or error string) and Feishu's own words, bounded. */
export function failureParams(f: FeishuFailure): { feishuCode: string; feishuMessage: string } {
  const clean = (s: string) => s.replace(/[\p{Cc}]/gu, ' ').slice(0, 200);
  return {
    feishuCode: f.code !== undefined ? String(f.code) : clean(f.error ?? 'unknown'),
    feishuMessage: clean(f.message ?? ''),
  };
}
