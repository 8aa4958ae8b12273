// What the tray shows for a state snapshot. Pure, so the mapping is tested without Electron.
import type { AppStateSnapshot } from '../../shared/ipc/state.ts';
import type { TrayStatus } from '../platform/tray-menu.ts';

export function trayStatusOf(s: AppStateSnapshot): TrayStatus {
  if (s.sign_in.phase === 'revoked' || s.connection.status === 'revoked') return 'revoked';
  if (s.sign_in.phase === 'waiting_browser' || s.sign_in.phase === 'waiting_qr')
    return 'signing-in';
  if (s.sign_in.phase === 'signed_in')
    return s.connection.status === 'offline' ? 'offline' : 'online';
  return 'signed-out';
}
