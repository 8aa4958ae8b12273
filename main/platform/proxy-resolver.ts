// The system proxy for the control-plane client, as Chromium resolves it (PAC files, WPAD, the
// OS settings); HTTPS_PROXY / NO_PROXY in the environment still take precedence.
import type { Session } from 'electron';
import { systemProxyResolver, type ProxyResolver } from '../core/control-plane-http-proxy.ts';

export const electronProxyResolver = (session: Session): ProxyResolver =>
  systemProxyResolver((url) => session.resolveProxy(url));
