// PKCE (RFC 7636) values as the sign-in contract accepts them: S256 only, the verifier 43-128
// characters of the unreserved set, the challenge the 43-character base64url SHA-256 of it.
// Hashing needs a platform digest, so the client and server compute it themselves.
export const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
export const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
export const CODE_CHALLENGE_METHOD = 'S256' as const;
