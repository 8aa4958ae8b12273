// What the tray shows: the connection status and the actions it allows, in the person's
// language. Plain data, so the rules (no sign-out when policy forbids it or nobody is signed
// in) are tested without Electron; tray.ts turns it into a native menu.
import type { Locale } from '../../shared/domain/errors/define.ts';

export type TrayStatus = 'signed-out' | 'signing-in' | 'online' | 'offline' | 'revoked';

export interface TrayMenuItem {
  id: 'status' | 'open' | 'sign-out' | 'quit';
  label: string;
  enabled: boolean;
}

export interface TrayMenuModel {
  tooltip: string;
  items: TrayMenuItem[];
}

const TEXT = {
  status: {
    'signed-out': { en: 'Not signed in', 'zh-CN': '未登录' },
    'signing-in': { en: 'Signing in…', 'zh-CN': '正在登录…' },
    online: { en: 'Signed in · Connected', 'zh-CN': '已登录 · 已连接' },
    offline: { en: 'Signed in · Offline', 'zh-CN': '已登录 · 离线' },
    revoked: { en: 'Access revoked', 'zh-CN': '访问已被撤销' },
  },
  open: { en: 'Open Gatehouse', 'zh-CN': '打开 Gatehouse' },
  signOut: { en: 'Sign out', 'zh-CN': '退出登录' },
  quit: { en: 'Quit Gatehouse', 'zh-CN': '退出 Gatehouse' },
} as const;

export function trayMenuModel(
  status: TrayStatus,
  options: { allowSignOut: boolean; locale: Locale },
): TrayMenuModel {
  const { locale } = options;
  const statusText = TEXT.status[status][locale];
  const signedIn = status === 'online' || status === 'offline';
  const items: TrayMenuItem[] = [
    { id: 'status', label: statusText, enabled: false },
    { id: 'open', label: TEXT.open[locale], enabled: true },
  ];
  if (options.allowSignOut) {
    items.push({ id: 'sign-out', label: TEXT.signOut[locale], enabled: signedIn });
  }
  items.push({ id: 'quit', label: TEXT.quit[locale], enabled: true });
  return { tooltip: `Gatehouse · ${statusText}`, items };
}
