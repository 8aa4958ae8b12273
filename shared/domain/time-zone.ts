// IANA time zone check that works in Node and in browsers (Intl is everywhere).
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export function isValidTimeZone(tz: string): boolean {
  if (tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
