// The Feishu/Lark endpoints the broker uses, per brand (reference sections 1, 3 and 4).
import type { Brand } from '../../shared/domain/identity-source.ts';
import type { SignInConfig } from './signin-config.ts';

export interface BrandEndpoints {
  authorize: string;
  token: string;
  userInfo: string;
  passportAuthorize: string;
  passportToken: string;
  passportUserInfo: string;
  qrScript: string;
}

const QR_SCRIPT_PATH = '/obj/feishu-static/lark/passport/qrcode/LarkSSOSDKWebQRCode-1.0.3.js';

const REAL_HOSTS: Record<Brand, { accounts: string; open: string; passport: string; qr: string }> =
  {
    feishu: {
      accounts: 'https://accounts.feishu.cn',
      open: 'https://open.feishu.cn',
      passport: 'https://passport.feishu.cn',
      qr: `https://lf-package-cn.feishucdn.com${QR_SCRIPT_PATH}`,
    },
    // The Lark QR script host is not documented (ADR 0009): override qrScriptUrl when it is known.
    lark: {
      accounts: 'https://accounts.larksuite.com',
      open: 'https://open.larksuite.com',
      passport: 'https://passport.larksuite.com',
      qr: `https://lf-package-sg.larksuitecdn.com${QR_SCRIPT_PATH}`,
    },
  };

export function brandEndpoints(config: SignInConfig, brand: Brand): BrandEndpoints {
  const c = config[brand];
  const real = REAL_HOSTS[brand];
  const accounts = c.accountsUrl ?? c.baseUrl ?? real.accounts;
  const open = c.openApiUrl ?? c.baseUrl ?? real.open;
  const passport = c.passportUrl ?? c.baseUrl ?? real.passport;
  return {
    authorize: `${accounts}/open-apis/authen/v1/authorize`,
    token: `${open}/open-apis/authen/v2/oauth/token`,
    userInfo: `${open}/open-apis/authen/v1/user_info`,
    passportAuthorize: `${passport}/suite/passport/oauth/authorize`,
    passportToken: `${passport}/suite/passport/oauth/token`,
    passportUserInfo: `${passport}/suite/passport/oauth/userinfo`,
    qrScript: c.qrScriptUrl ?? (c.baseUrl ? `${c.baseUrl}${QR_SCRIPT_PATH}` : real.qr),
  };
}
