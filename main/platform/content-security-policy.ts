// The main window's Content Security Policy. The renderer's index.html carries the same policy
// in a meta tag (a test keeps them equal); the header adds it to every response the window
// gets over http(s) (the dev server), where a meta tag alone comes too late for some requests.
export const MAIN_WINDOW_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** Response headers with the CSP set (replacing any the server sent, in any letter case). */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string = MAIN_WINDOW_CSP,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [policy];
  return out;
}
