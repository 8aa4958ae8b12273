import { initialsOf, isSafeAvatarSrc } from './initials.ts';

interface AvatarProps {
  name: string;
  src?: string | null | undefined;
  size?: 'md' | 'lg';
}

// Decorative: the name is always printed next to it, so screen readers skip the picture.
export function Avatar({ name, src, size = 'lg' }: AvatarProps) {
  const className = `avatar avatar-${size}`;
  if (isSafeAvatarSrc(src))
    return <img className={className} src={src} alt="" aria-hidden="true" />;
  return (
    <span className={className} aria-hidden="true" data-testid="avatar-initials">
      {initialsOf(name)}
    </span>
  );
}
