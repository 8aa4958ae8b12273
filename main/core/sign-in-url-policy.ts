// Which URLs the sign-in flow may open: in the system browser (shell.openExternal) and inside
// the embedded QR view. Pure decisions over plain strings, so the Electron adapters that apply
// them stay thin and these rules are tested here.
import { isLoopbackHost } from './control-plane-http-url.ts';

/** Feishu's and Lark's sign-in hosts (OAuth authorize, passport, QR SDK frames). */
export const FEISHU_SIGN_IN_ORIGINS: readonly string[] = [
  'https://open.feishu.cn',
  'https://accounts.feishu.cn',
  'https://passport.feishu.cn',
  'https://open.larksuite.com',
  'https://accounts.larksuite.com',
  'https://passport.larksuite.com',
];

const parse = (url: string): URL | undefined => {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
};

/** Exact origins (scheme, host, port) the sign-in flow uses: the control plane's and the IdP's. */
export function signInOrigins(
  controlPlaneUrl: string,
  identityProviderOrigins: readonly string[] = FEISHU_SIGN_IN_ORIGINS,
): string[] {
  const origins = [controlPlaneUrl, ...identityProviderOrigins]
    .map((u) => parse(u)?.origin)
    .filter((o): o is string => o !== undefined && o !== 'null');
  return [...new Set(origins)];
}

/**
 * https, or plain http to a loopback host (a development control plane or the sandbox),
 * with no credentials, on one of the allowed origins.
 */
function onAllowedOrigin(url: URL, allowedOrigins: readonly string[], allowLoopbackHttp: boolean) {
  if (url.username || url.password) return false;
  const schemeOk =
    url.protocol === 'https:' ||
    (allowLoopbackHttp && url.protocol === 'http:' && isLoopbackHost(url.hostname));
  return schemeOk && allowedOrigins.includes(url.origin);
}

/** May shell.openExternal open this URL? Only the sign-in flow's own pages. */
export function isExternalSignInUrl(
  url: string,
  allowedOrigins: readonly string[],
  options: { allowLoopbackHttp?: boolean } = {},
): boolean {
  const parsed = parse(url);
  return (
    parsed !== undefined &&
    onAllowedOrigin(parsed, allowedOrigins, options.allowLoopbackHttp ?? false)
  );
}

export type QrNavigationDecision = 'allow' | 'loopback' | 'deny';

/**
 * A navigation inside the QR view: 'allow' on the control plane's and Feishu's origins,
 * 'loopback' for the sign-in's own redirect (it ends the flow; the listener takes it), and
 * 'deny' for everything else, including other loopback ports and paths.
 */
export function decideQrNavigation(
  url: string,
  context: { allowedOrigins: readonly string[]; loopbackRedirectUri: string | undefined },
): QrNavigationDecision {
  if (url === 'about:blank') return 'allow';
  const parsed = parse(url);
  if (!parsed) return 'deny';
  if (context.loopbackRedirectUri) {
    const redirect = parse(context.loopbackRedirectUri);
    if (
      redirect &&
      parsed.origin === redirect.origin &&
      parsed.pathname === redirect.pathname &&
      !parsed.hash
    ) {
      return 'loopback';
    }
  }
  // Loopback http passes only when it is itself an allowed origin (a development control plane).
  return onAllowedOrigin(parsed, context.allowedOrigins, true) ? 'allow' : 'deny';
}
