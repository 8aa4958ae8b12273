// The IPC dispatcher (shared by Electron and the bridge) and the Electron sender check, with a
// client core that has no control plane configured (nothing here needs one).
import { describe, expect, it } from 'vitest';
import { ClientCore } from '../../../main/core/client-core.ts';
import { noManagedConfig } from '../../../main/core/managed-config.ts';
import { InMemorySecretStore } from '../../../main/core/secret-store.ts';
import { MemoryKeyValueStore } from '../../../main/core/settings.ts';
import { dispatch } from '../../../main/ipc/dispatch.ts';
import { isTrustedSender } from '../../../main/ipc/electron-ipc.ts';
import { ipcChannels } from '../../../shared/ipc/channels.ts';
import { handlers } from '../../../main/ipc/handlers.ts';
import { viaProxy } from '../../integration/client-proxy/support/servers.ts';

const core = () =>
  new ClientCore({
    appVersion: '0.1.0',
    systemLocale: 'en-US',
    shell: 'electron',
    store: new MemoryKeyValueStore(),
    managed: noManagedConfig(),
    secrets: { store: new InMemorySecretStore(), persistent: true },
    openBrowser: () => undefined,
    showQr: () => undefined,
  });

describe('IPC dispatch', () => {
  it('has exactly one handler per contract channel', () => {
    expect(Object.keys(handlers).sort()).toEqual([...ipcChannels].sort());
  });

  it('refuses unknown channels and answers a bad request with a coded result', async () => {
    const c = core();
    await expect(dispatch(c, 'fs:read', {})).rejects.toThrow(/unknown channel/);
    expect(await dispatch(c, 'settings:set-language', { language: 'fr' })).toMatchObject({
      ok: false,
      error: { code: 'IPC_BAD_REQUEST' },
    });
    expect(await dispatch(c, 'state:get', { extra: 1 })).toMatchObject({ ok: false });
  });

  it('answers with results in the person’s language', async () => {
    const c = core();
    const set = (await dispatch(c, 'settings:set-language', { language: 'zh-CN' })) as {
      ok: true;
      value: { app: { locale: string } };
    };
    expect(set.value.app.locale).toBe('zh-CN');
    expect(await dispatch(c, 'enrollment:enroll', { enterprise_id: 'abcdabcdabcd' })).toMatchObject(
      {
        ok: false,
        error: { code: 'ENROLL_NO_CONTROL_PLANE', message: '尚未配置 Gatehouse 服务器地址。' },
      },
    );
    expect(await dispatch(c, 'session:sign-out', {})).toMatchObject({ ok: true });
    expect(await dispatch(c, 'apps:open', { app_id: 'wiki' })).toMatchObject({
      ok: false,
      error: { code: 'APP_NOT_AVAILABLE' },
    });
    expect(await dispatch(c, 'app:get-info', {})).toEqual({
      version: '0.1.0',
      platform: process.platform,
      locale: 'zh-CN',
    });
  });

  it('answers "why denied" from the local proxy, worded in the person’s language', async () => {
    const c = core();
    await c.start();
    try {
      const snapshot = c.snapshot();
      expect(snapshot.proxy).toMatchObject({ status: 'running', mode: 'deny_all' });
      // Signed out with a known private address: the proxy refuses it (no DNS needed).
      c.enforcement.proxy.setEntitlements(
        {
          version: 'm1',
          applications: [
            {
              id: 'wiki',
              enabled: true,
              addresses: [{ host: 'wiki.corp.test', ports: '*', protocol: 'any' }],
            },
          ],
        },
        null,
      );
      const refused = await viaProxy(snapshot.proxy.port!, 'http://wiki.corp.test/page');
      expect(refused.status).toBe(403);
      await dispatch(c, 'settings:set-language', { language: 'zh-CN' });
      expect(await dispatch(c, 'proxy:recent-denied', { limit: 5 })).toEqual({
        ok: true,
        value: {
          decisions: [
            expect.objectContaining({
              host: 'wiki.corp.test',
              port: 80,
              via: 'http',
              app_id: 'wiki',
              reason_code: 'signed_out',
              reason: '请先登录 Gatehouse 再打开此应用。',
              count: 1,
            }),
          ],
        },
      });
      expect(await dispatch(c, 'proxy:recent-denied', { limit: 0 })).toMatchObject({
        ok: false,
        error: { code: 'IPC_BAD_REQUEST' },
      });
    } finally {
      await c.dispose();
    }
  });

  it('trusts only the main frame of its own window showing its own page', () => {
    const mainFrame = { url: 'file:///app/out/renderer/index.html' };
    const contents = { mainFrame } as never;
    const ok = { sender: contents, senderFrame: mainFrame } as never;
    expect(isTrustedSender(ok, () => contents, 'file:///app/out/renderer/index.html')).toBe(true);
    const sub = { sender: contents, senderFrame: { url: mainFrame.url } } as never;
    expect(isTrustedSender(sub, () => contents, 'file:///app/out/renderer/index.html')).toBe(false);
    const remote = { url: 'https://evil.example/' };
    const evil = { mainFrame: remote } as never;
    expect(
      isTrustedSender({ sender: evil, senderFrame: remote } as never, () => evil, 'file:///app/'),
    ).toBe(false);
    expect(isTrustedSender(ok, () => undefined, 'file:///app/')).toBe(false);
  });
});
