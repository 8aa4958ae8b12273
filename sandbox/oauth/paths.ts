// Where the module's endpoints live, relative to a brand's mount point. On the real platform
// they are spread over the accounts., open. and passport. hosts; the sandbox serves each brand
// from one origin.
import { BRAND_PREFIX } from '../context.ts';
import type { Brand } from '../org/types.ts';

export const PATHS = {
  authorize: '/open-apis/authen/v1/authorize',
  login: '/open-apis/authen/v1/authorize/login',
  continueAs: '/open-apis/authen/v1/authorize/continue',
  switchAccount: '/open-apis/authen/v1/authorize/switch',
  consent: '/open-apis/authen/v1/authorize/consent',
  token: '/open-apis/authen/v2/oauth/token',
  userInfo: '/open-apis/authen/v1/user_info',
  passportAuthorize: '/suite/passport/oauth/authorize',
  passportToken: '/suite/passport/oauth/token',
  passportUserInfo: '/suite/passport/oauth/userinfo',
  qrScript: '/obj/feishu-static/lark/passport/qrcode/LarkSSOSDKWebQRCode-1.0.3.js',
  qrFrame: '/suite/passport/qr/frame',
  qrFrameScript: '/suite/passport/qr/frame.js',
  qrPoll: '/suite/passport/qr/poll',
  /** Sandbox control endpoint, mounted once at the root (not per brand). */
  qrScan: '/sandbox/qr/scan',
} as const;

/** A path as the browser must request it (Lark lives under /lark). */
export const inBrand = (brand: Brand, path: string): string => `${BRAND_PREFIX[brand]}${path}`;
