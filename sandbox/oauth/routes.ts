// The OAuth module: the accounts authorize pages, the v2 token endpoint, user_info, the legacy
// passport endpoints and QR login, mounted once per brand; the QR scan control endpoint is
// mounted once, at the root, with the Feishu mount.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.ts';
import type { Brand } from '../org/types.ts';
import { registerAuthorizePages } from './authorize-routes.ts';
import { registerPassportRoutes } from './passport-routes.ts';
import { registerQrFrame } from './qr-frame.ts';
import { registerQrScanControl } from './qr-scan.ts';
import { registerQrScript } from './qr-script.ts';
import { oauthState, type OAuthDeps } from './state.ts';
import { registerTokenEndpoint } from './token-endpoint.ts';
import { registerUserInfo } from './user-info.ts';

export function registerOAuthRoutes(app: FastifyInstance, ctx: SandboxContext, brand: Brand): void {
  const deps: OAuthDeps = { ctx, state: oauthState(ctx), brand };
  registerAuthorizePages(app, deps);
  registerTokenEndpoint(app, deps);
  registerUserInfo(app, deps);
  registerPassportRoutes(app, deps);
  registerQrScript(app, brand);
  registerQrFrame(app, deps);
  if (brand === 'feishu') registerQrScanControl(app, ctx, deps.state);
}
