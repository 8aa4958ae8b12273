// Errors of the v2 token endpoint: the platform's numeric code, its HTTP status and an RFC 6749
// `error` string. The platform documents codes and statuses but not the `error` strings (only
// server_error for 20050); the mapping below is the sandbox's choice (sandbox/README.md).

export interface TokenErrorSpec {
  status: number;
  error: string;
  description: string;
}

const e = (status: number, error: string, description: string): TokenErrorSpec => ({
  status,
  error,
  description,
});

export const TOKEN_ERRORS = {
  20001: e(400, 'invalid_request', 'A required parameter is missing.'),
  20002: e(400, 'invalid_client', 'The client secret is invalid.'),
  20003: e(400, 'invalid_grant', 'The authorization code was not found.'),
  20004: e(400, 'invalid_grant', 'The authorization code has expired.'),
  20008: e(400, 'invalid_grant', 'The user does not exist.'),
  20010: e(400, 'invalid_grant', 'The user has no permission to use this app.'),
  20024: e(400, 'invalid_grant', 'The code or refresh token was issued to another client.'),
  20026: e(400, 'invalid_grant', 'The refresh token is invalid.'),
  20036: e(400, 'unsupported_grant_type', 'The grant_type is not supported.'),
  20037: e(400, 'invalid_grant', 'The refresh token has expired.'),
  20048: e(400, 'invalid_client', 'The app does not exist.'),
  20049: e(400, 'invalid_grant', 'PKCE verification failed.'),
  20050: e(500, 'server_error', 'An unexpected server error occurred. Please retry your request.'),
  20063: e(400, 'invalid_request', 'The request is malformed.'),
  20064: e(400, 'invalid_grant', 'The refresh token has been revoked.'),
  20065: e(400, 'invalid_grant', 'The authorization code has already been used.'),
  20066: e(400, 'invalid_grant', 'The user status is invalid.'),
  20067: e(400, 'invalid_scope', 'The scope list contains duplicates.'),
  20068: e(400, 'invalid_scope', 'The requested scope was not granted by the user.'),
  20069: e(400, 'unauthorized_client', 'The app is not enabled.'),
  20070: e(400, 'invalid_request', 'More than one client authentication method was used.'),
  20071: e(400, 'invalid_grant', 'The redirect_uri does not match the authorization request.'),
  20072: e(503, 'temporarily_unavailable', 'The service is temporarily unavailable.'),
  20073: e(400, 'invalid_grant', 'The refresh token has already been used.'),
  20074: e(400, 'unauthorized_client', 'The app is not allowed to refresh user access tokens.'),
} satisfies Record<number, TokenErrorSpec>;

export type TokenErrorCode = keyof typeof TOKEN_ERRORS;

/** The flat v2 error body: {code, error, error_description}. */
export function tokenErrorBody(code: TokenErrorCode): {
  status: number;
  body: { code: number; error: string; error_description: string };
} {
  const spec = TOKEN_ERRORS[code];
  return {
    status: spec.status,
    body: { code, error: spec.error, error_description: spec.description },
  };
}
