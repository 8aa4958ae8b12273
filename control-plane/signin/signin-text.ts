// Words of the broker's own pages (the QR page and the error page), in zh-CN and en.
import type { Locale } from '../../shared/domain/errors/index.ts';

export const SIGNIN_TEXT = {
  qrTitle: { en: 'Scan to sign in', 'zh-CN': '扫码登录' },
  qrHint: {
    en: 'Scan the QR code with the {brand} app on your phone and confirm.',
    'zh-CN': '请使用手机{brand}扫描二维码并确认登录。',
  },
  qrNoScript: {
    en: 'The QR code could not be loaded. Check the network, or sign in with the browser instead.',
    'zh-CN': '二维码加载失败。请检查网络，或改用浏览器登录。',
  },
  useBrowser: { en: 'Sign in with the browser instead', 'zh-CN': '改用浏览器登录' },
  errorTitle: { en: 'Sign-in failed', 'zh-CN': '登录失败' },
  returning: { en: 'Returning to Gatehouse…', 'zh-CN': '正在返回 Gatehouse…' },
  continueLink: {
    en: 'If nothing happens, continue to Gatehouse.',
    'zh-CN': '如果页面没有跳转，请点击此处返回 Gatehouse。',
  },
  errorCode: { en: 'Error code', 'zh-CN': '错误代码' },
  whatToDo: { en: 'What to do', 'zh-CN': '处理方法' },
  brand: {
    feishu: { en: 'Feishu', 'zh-CN': '飞书' },
    lark: { en: 'Lark', 'zh-CN': 'Lark' },
  },
} as const;

export const fillText = (template: string, vars: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);

export type { Locale };
