// The evaluator's platform from what a client reported as its OS ("macOS 15.1", "Windows 11",
// "linux"); undefined when it cannot be told (a platform condition then fails for allow).
import type { Platform } from '../../shared/domain/policy/index.ts';

export function platformOf(os: string | null | undefined): Platform | undefined {
  const s = (os ?? '').toLowerCase();
  if (/\b(mac|macos|darwin|os x)/.test(s)) return 'macos';
  if (/\bwin(dows|32|64)?\b/.test(s)) return 'windows';
  if (/\blinux\b/.test(s)) return 'linux';
  return undefined;
}
