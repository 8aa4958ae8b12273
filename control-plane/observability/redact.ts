// Secret-bearing keys, wherever they sit in a logged object or an audit snapshot. Matching is on
// the normalized key name (case, "_" and "-" ignored), so appSecret, app_secret and App-Secret
// are all caught, and anything ending in secret/password/token is treated as one.
const EXACT = new Set([
  'authorization',
  'cookie',
  'setcookie',
  'encryptkey',
  'masterkey',
  'apikey',
  'privatekey',
  'codeverifier',
]);
const SUFFIXES = ['secret', 'password', 'passwd', 'token', 'secretenc', 'keyenc', 'tokenenc'];

const normalize = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

export function isSecretKey(key: string): boolean {
  const k = normalize(key);
  return EXACT.has(k) || SUFFIXES.some((s) => k.endsWith(s));
}

export const REDACTED = '[redacted]';

/** A copy of value with every secret-keyed value replaced (depth- and size-bounded). */
export function redactDeep(
  value: unknown,
  replace: (v: unknown) => unknown = () => REDACTED,
  depth = 0,
): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value))
    return value.slice(0, 1000).map((v) => redactDeep(v, replace, depth + 1));
  if (value instanceof Error) {
    return {
      type: value.name,
      message: value.message,
      stack: value.stack,
      ...(redactDeep({ ...value }, replace, depth + 1) as object),
    };
  }
  // Class instances (requests, replies, buffers) are left to the logger's serializers, which
  // read their getters; only plain data is walked here.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) ? replace(v) : redactDeep(v, replace, depth + 1);
  }
  return out;
}
