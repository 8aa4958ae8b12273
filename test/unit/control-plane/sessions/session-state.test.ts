// Whether a session is live: one decision over its state row, the reason when it is not.
import { describe, expect, it } from 'vitest';
import { sessionProblem } from '../../../../control-plane/sessions/session-state.ts';
import type { SessionState } from '../../../../control-plane/storage/repositories/client-sessions.ts';

const now = new Date('2026-03-01T08:00:00Z');
const live: SessionState = {
  id: 's',
  tenant_id: 't',
  source_id: 'src',
  user_id: 'u',
  device_id: 'd',
  created_at: now,
  last_seen_at: now,
  expires_at: new Date(now.getTime() + 1000),
  revoked_at: null,
  revoked_reason: null,
  source_status: 'enabled',
  tenant_status: 'active',
  user_status: 'active',
};

describe('sessionProblem', () => {
  it.each([
    [{}, undefined],
    [{ revoked_at: now, revoked_reason: 'logout' }, 'logout'],
    [{ revoked_at: now, revoked_reason: 'something old' }, 'admin'],
    [{ expires_at: now }, 'expired'],
    [{ tenant_status: 'suspended' }, 'tenant_suspended'],
    [{ source_status: 'closed' }, 'source_closed'],
    [{ user_status: 'disabled' }, 'user_disabled'],
    [{ user_status: null }, 'user_disabled'],
    // A revocation's own reason wins over what else is wrong now.
    [
      { revoked_at: now, revoked_reason: 'refresh_reuse', tenant_status: 'suspended' },
      'refresh_reuse',
    ],
  ] as const)('%j -> %s', (patch, expected) => {
    expect(sessionProblem({ ...live, ...patch } as SessionState, now)).toBe(expected);
  });

  it('treats a missing row as deleted', () => {
    expect(sessionProblem(undefined, now)).toBe('deleted');
  });
});
