import { describe, expect, it } from 'vitest';
import { initialsOf, isSafeAvatarSrc } from '../../../renderer/components/initials.ts';

describe('avatar initials', () => {
  it('takes the given name of a Chinese name and the initials of a Latin one', () => {
    expect(initialsOf('张三')).toBe('张三');
    expect(initialsOf('欧阳娜娜')).toBe('娜娜');
    expect(initialsOf('Ada Lovelace')).toBe('AL');
    expect(initialsOf('  grace  brewster murray hopper ')).toBe('GH');
    expect(initialsOf('Plato')).toBe('P');
    expect(initialsOf('   ')).toBe('?');
  });

  it('shows only inline data images, never a remote URL', () => {
    expect(isSafeAvatarSrc('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
    expect(isSafeAvatarSrc('https://s1-imfile.feishucdn.com/a.png')).toBe(false);
    expect(isSafeAvatarSrc('data:image/svg+xml;base64,PHN2Zz4=')).toBe(false);
    expect(isSafeAvatarSrc('data:text/html;base64,PGgxPg==')).toBe(false);
    expect(isSafeAvatarSrc(null)).toBe(false);
  });
});
