import { describe, expect, it } from 'vitest';
import { createApiClient, IPC_UNAVAILABLE } from '../../../renderer/app/api-client.ts';
import { createClientStore } from '../../../renderer/state/client-store.ts';
import type { GatehouseApi } from '../../../shared/ipc/contract.ts';
import { enrolled, failure, FakeApi, makeSnapshot } from './fake-api.ts';

describe('client store', () => {
  it('reads the state once, then follows pushed snapshots and ignores older revisions', async () => {
    const api = new FakeApi(makeSnapshot({ revision: 5 }));
    const store = createClientStore(api);
    await store.getState().start();
    expect(store.getState().snapshot?.revision).toBe(5);
    api.push(makeSnapshot({ revision: 7, ...enrolled() }));
    expect(store.getState().snapshot?.revision).toBe(7);
    api.push(makeSnapshot({ revision: 6 }));
    expect(store.getState().snapshot?.revision).toBe(7);
    store.getState().stop();
    expect(api.listenerCount).toBe(0);
  });

  it('keeps a refusal with the command that caused it, and clears it on the next command', async () => {
    const api = new FakeApi(makeSnapshot());
    const store = createClientStore(api);
    await store.getState().start();
    api.next.set('enroll', { ok: false, error: failure('DISCOVERY_UNKNOWN_ID') });
    expect(await store.getState().enroll('abcdefghjk12')).toBe(false);
    expect(store.getState().commandError).toEqual({
      command: 'enroll',
      error: failure('DISCOVERY_UNKNOWN_ID'),
    });
    expect(store.getState().pending).toBeNull();
    api.snapshot = makeSnapshot({ revision: 2, ...enrolled() });
    expect(await store.getState().enroll('abcdefghjk12')).toBe(true);
    expect(store.getState().commandError).toBeNull();
    expect(store.getState().snapshot?.enrollment.status).toBe('enrolled');
  });

  it('starts sign-in with the selected source', async () => {
    const api = new FakeApi(makeSnapshot(enrolled()));
    const store = createClientStore(api);
    await store.getState().start();
    await store.getState().startBrowserSignIn();
    await store.getState().startQrSignIn();
    expect(api.called('startBrowserSignIn')).toEqual([['s1']]);
    expect(api.called('startQrSignIn')).toEqual([['s1']]);
  });

  it('turns a missing or failing window.gatehouse into a renderer error code', async () => {
    const none = createClientStore(createApiClient(undefined));
    await none.getState().start();
    expect(none.getState().loadError?.code).toBe(IPC_UNAVAILABLE);

    const broken: GatehouseApi = {
      invoke: () => Promise.reject(new Error('socket closed')),
      on: () => () => {},
    };
    const store = createClientStore(createApiClient(broken));
    await store.getState().start();
    expect(store.getState().snapshot).toBeNull();
    expect(store.getState().loadError?.code).toBe(IPC_UNAVAILABLE);
  });

  it('passes each command to its contract channel with the contract request shape', async () => {
    const seen: [string, unknown][] = [];
    const snapshot = makeSnapshot();
    const api: GatehouseApi = {
      invoke: ((channel: string, request: unknown) => {
        seen.push([channel, request]);
        return Promise.resolve({ ok: true, value: snapshot });
      }) as GatehouseApi['invoke'],
      on: () => () => {},
    };
    const client = createApiClient(api);
    await client.enroll('abcdefghjk12');
    await client.startBrowserSignIn();
    await client.startQrSignIn('s2');
    await client.setControlPlaneUrl(null);
    await client.setLanguage('zh-CN');
    await client.signOut();
    expect(seen).toEqual([
      ['enrollment:enroll', { enterprise_id: 'abcdefghjk12' }],
      ['sign-in:start-browser', {}],
      ['sign-in:start-qr', { source_id: 's2' }],
      ['settings:set-control-plane-url', { url: null }],
      ['settings:set-language', { language: 'zh-CN' }],
      ['session:sign-out', {}],
    ]);
  });
});
