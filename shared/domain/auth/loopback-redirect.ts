// The client's loopback redirect URI (RFC 8252 section 7.3): plain http to a literal loopback
// address, any port, one fixed path. Names like "localhost" are refused (a hosts file or a
// resolver could send them elsewhere), as are https (no certificate for 127.0.0.1), queries,
// fragments and credentials. Shared so the client builds exactly what the server accepts.
export const LOOPBACK_CALLBACK_PATH = '/callback';

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?\/callback$/;

/** The URI itself when acceptable, otherwise undefined. Compared as an exact string later. */
export function parseLoopbackRedirect(uri: string): string | undefined {
  const m = LOOPBACK.exec(uri);
  if (!m) return undefined;
  const port = m[2];
  if (port !== undefined && (port.startsWith('0') || Number(port) < 1 || Number(port) > 65535))
    return undefined;
  return uri;
}

export const isLoopbackRedirect = (uri: string): boolean =>
  parseLoopbackRedirect(uri) !== undefined;

/** The redirect URI a client listening on `host:port` registers. */
export const loopbackRedirectUri = (port: number, host: '127.0.0.1' | '::1' = '127.0.0.1') =>
  `http://${host === '::1' ? '[::1]' : host}:${port}${LOOPBACK_CALLBACK_PATH}`;
