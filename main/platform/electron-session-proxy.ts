// Electron's own sessions follow the local proxy's PAC file like the system's browsers do: set
// while someone is signed in (or revoked: the proxy then denies every private destination),
// loaded again when the PAC changes (Chromium caches it), back to the system setting otherwise.
import type { Session } from 'electron';
import type { AppStateSnapshot } from '../../shared/ipc/state.ts';

/** The PAC URL the sessions should use now, with its version; undefined: the system's. */
export function wantedPac(s: AppStateSnapshot): { url: string; version: string } | undefined {
  const enforcing = s.sign_in.phase === 'signed_in' || s.sign_in.phase === 'revoked';
  if (!enforcing || s.proxy.status !== 'running' || !s.proxy.pac_url) return undefined;
  return { url: s.proxy.pac_url, version: s.proxy.pac_version ?? '' };
}

/** Returns the listener to call with every snapshot. */
export function followPacInSessions(sessions: () => Session[]): (s: AppStateSnapshot) => void {
  let applied = '';
  return (snapshot) => {
    const pac = wantedPac(snapshot);
    const key = pac ? `${pac.url} ${pac.version}` : 'system';
    if (key === applied) return;
    applied = key;
    for (const session of sessions()) {
      void session
        .setProxy(pac ? { pacScript: pac.url } : { mode: 'system' })
        .catch(() => undefined);
    }
  };
}
