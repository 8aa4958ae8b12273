// Hop-by-hop headers (RFC 9110 section 7.6.1) belong to one connection and must not be forwarded:
// the fixed list, plus every header the message's own Connection header names.

const ALWAYS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * rawHeaders ([name, value, name, value, ...], duplicates and case kept) without the hop-by-hop
 * ones and without any name in `drop` (lower case).
 */
export function endToEndHeaders(
  rawHeaders: readonly string[],
  drop?: ReadonlySet<string>,
): string[] {
  const named = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (name === 'connection' || name === 'proxy-connection') {
      for (const token of rawHeaders[i + 1]!.split(',')) {
        const t = token.trim().toLowerCase();
        if (t !== '') named.add(t);
      }
    }
  }
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (ALWAYS.has(name) || named.has(name) || drop?.has(name)) continue;
    out.push(rawHeaders[i]!, rawHeaders[i + 1]!);
  }
  return out;
}
