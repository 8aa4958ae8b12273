// Initials for the avatar fallback. Chinese names are usually shown by their last two
// characters (the given name); Latin names by the first letters of the first and last words.
const HAN = /\p{Script=Han}/u;

export function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  const chars = [...trimmed.replace(/\s+/g, '')];
  if (HAN.test(trimmed)) return chars.slice(-2).join('');
  const words = trimmed.split(/\s+/);
  const first = [...words[0]!][0] ?? '';
  const last = words.length > 1 ? ([...words[words.length - 1]!][0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** Only data: URLs of images are shown: the main window loads no remote content (CSP). */
export const isSafeAvatarSrc = (src: string | undefined | null): src is string =>
  typeof src === 'string' && /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(src);
