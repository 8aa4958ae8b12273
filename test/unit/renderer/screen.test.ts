import { describe, expect, it } from 'vitest';
import { screenOf, screenOfSnapshot } from '../../../renderer/state/screen.ts';
import { enrolled, failure, makeSnapshot, signedIn, source } from './fake-api.ts';

const two = [source('s1', 'Employees'), source('s2', 'Contractors')];

describe('screen routing', () => {
  it('starts at enrollment, and stays there while discovering or after a failed look-up', () => {
    expect(screenOfSnapshot(makeSnapshot())).toBe('enroll');
    expect(screenOfSnapshot(makeSnapshot({ enrollment: { status: 'discovering' } }))).toBe(
      'enroll',
    );
    expect(
      screenOfSnapshot(
        makeSnapshot({ enrollment: { status: 'error', error: failure('DISCOVERY_UNKNOWN_ID') } }),
      ),
    ).toBe('enroll');
  });

  it('asks for a source only when there are several and none is chosen (or the person asks)', () => {
    expect(screenOfSnapshot(makeSnapshot(enrolled()))).toBe('sign-in');
    expect(screenOfSnapshot(makeSnapshot(enrolled(two)))).toBe('choose-source');
    const chosen = makeSnapshot(enrolled(two, { selected_source_id: 's2' }));
    expect(screenOfSnapshot(chosen)).toBe('sign-in');
    expect(screenOfSnapshot(chosen, true)).toBe('choose-source');
    expect(screenOfSnapshot(makeSnapshot(enrolled([])))).toBe('no-sources');
  });

  it('follows the sign-in phase', () => {
    const phase = (p: 'waiting_browser' | 'waiting_qr' | 'error' | 'revoked' | 'signed_out') =>
      screenOfSnapshot(makeSnapshot({ ...enrolled(), sign_in: { phase: p } }));
    expect(phase('waiting_browser')).toBe('waiting');
    expect(phase('waiting_qr')).toBe('waiting');
    expect(phase('error')).toBe('error');
    expect(phase('revoked')).toBe('revoked');
    expect(phase('signed_out')).toBe('sign-in');
    expect(screenOfSnapshot(signedIn())).toBe('signed-in');
  });

  it('shows loading, then the unavailable screen when main cannot be reached, and settings on top', () => {
    const base = { snapshot: null, loadError: null, settingsOpen: false, choosingSource: false };
    expect(screenOf(base)).toBe('loading');
    expect(screenOf({ ...base, loadError: failure('RENDERER_IPC_UNAVAILABLE') })).toBe(
      'unavailable',
    );
    expect(screenOf({ ...base, snapshot: signedIn(), settingsOpen: true })).toBe('settings');
  });
});
