// Which screen the state calls for. Pure, so the routing is tested without rendering.
import type { AppStateSnapshot } from '../../shared/ipc/contract.ts';
import type { ClientState } from './client-store.ts';

export type Screen =
  | 'loading'
  | 'unavailable'
  | 'settings'
  | 'enroll'
  | 'no-sources'
  | 'choose-source'
  | 'sign-in'
  | 'waiting'
  | 'error'
  | 'revoked'
  | 'signed-in';

export function screenOf(
  state: Pick<ClientState, 'snapshot' | 'loadError' | 'settingsOpen' | 'choosingSource'>,
): Screen {
  const s = state.snapshot;
  if (!s) return state.loadError ? 'unavailable' : 'loading';
  if (state.settingsOpen) return 'settings';
  return screenOfSnapshot(s, state.choosingSource);
}

export function screenOfSnapshot(s: AppStateSnapshot, choosingSource = false): Screen {
  const phase = s.sign_in.phase;
  if (phase === 'signed_in') return 'signed-in';
  if (phase === 'waiting_browser' || phase === 'waiting_qr') return 'waiting';
  if (phase === 'revoked') return 'revoked';
  if (phase === 'error') return 'error';
  if (s.enrollment.status !== 'enrolled') return 'enroll';
  if (s.enrollment.sources.length === 0) return 'no-sources';
  const several = s.enrollment.sources.length > 1;
  if (several && (choosingSource || !selectedSource(s))) return 'choose-source';
  return 'sign-in';
}

export function selectedSource(s: AppStateSnapshot) {
  const { sources, selected_source_id } = s.enrollment;
  if (sources.length === 1) return sources[0];
  return sources.find((source) => source.id === selected_source_id);
}
