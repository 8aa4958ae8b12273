// The sign-in and session contract shared by the desktop client and the control plane.
export * from './access-claims.ts';
export * from './discovery.ts';
export * from './login-transaction.ts';
export * from './loopback-redirect.ts';
export * from './pkce.ts';
export * from './return-page.ts';
export * from './stream-events.ts';
export * from './token.ts';
