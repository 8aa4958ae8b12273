// Electron's own sessions follow the local proxy's PAC: set while signed in or revoked (the proxy
// denies then), set again only when the PAC's URL or version changes (Chromium caches PAC
// files), back to the system's setting when signed out. Sessions are small fakes here.
import { describe, expect, it } from 'vitest';
import type { Session } from 'electron';
import { followPacInSessions, wantedPac } from '../../../main/platform/electron-session-proxy.ts';
import { signedIn } from '../renderer/fake-api.ts';

const PAC = 'http://127.0.0.1:18080/proxy.pac';

describe('Electron sessions and the PAC', () => {
  it('asks for the PAC only while enforcing with a running proxy', () => {
    expect(wantedPac(signedIn({ proxy: { pac_version: 'm1' } }))).toEqual({
      url: PAC,
      version: 'm1',
    });
    expect(wantedPac(signedIn({ sign_in: { phase: 'revoked' } }))?.url).toBe(PAC);
    expect(wantedPac(signedIn({ sign_in: { phase: 'signed_out' } }))).toBeUndefined();
    expect(wantedPac(signedIn({ proxy: { status: 'failed', pac_url: null } }))).toBeUndefined();
  });

  it('sets each session once per PAC version and back to the system setting at sign-out', async () => {
    const calls: unknown[] = [];
    const session = { setProxy: async (config: unknown) => void calls.push(config) };
    const follow = followPacInSessions(() => [session as unknown as Session]);
    follow(signedIn({ proxy: { pac_version: 'm1' } }));
    follow(signedIn({ proxy: { pac_version: 'm1' }, revision: 2 }));
    follow(signedIn({ proxy: { pac_version: 'm2' } }));
    follow(signedIn({ sign_in: { phase: 'signed_out' } }));
    expect(calls).toEqual([{ pacScript: PAC }, { pacScript: PAC }, { mode: 'system' }]);
  });
});
