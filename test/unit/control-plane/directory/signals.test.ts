import { describe, expect, it } from 'vitest';
import { createDirectorySignals } from '../../../../control-plane/directory/signals.ts';

const ctx = { tenantId: 't', sourceId: 's', directoryVersion: 3 };

describe('DirectorySignals (in process)', () => {
  it('delivers to every subscriber, in order, until unsubscribed', async () => {
    const signals = createDirectorySignals();
    const seen: string[] = [];
    const offA = signals.subscribe({
      onUserDisabled: (id, reason, c) =>
        void seen.push(`A disabled ${id} ${reason} v${c.directoryVersion}`),
      onUserAttributesChanged: (id) => void seen.push(`A changed ${id}`),
    });
    signals.subscribe({ onUserDisabled: async (id) => void seen.push(`B disabled ${id}`) });
    await signals.onUserDisabled('u1', 'resigned', ctx);
    await signals.onUserAttributesChanged('u2', ctx);
    offA();
    await signals.onUserDisabled('u3', 'left_scope', ctx);
    expect(seen).toEqual([
      'A disabled u1 resigned v3',
      'B disabled u1',
      'A changed u2',
      'B disabled u3',
    ]);
  });

  it('logs a failing subscriber and still reaches the others', async () => {
    const errors: unknown[] = [];
    const signals = createDirectorySignals({ error: (d) => void errors.push(d) });
    const seen: string[] = [];
    signals.subscribe({
      onUserDisabled: () => {
        throw new Error('revocation store down');
      },
    });
    signals.subscribe({ onUserDisabled: (id) => void seen.push(id) });
    await signals.onUserDisabled('u1', 'frozen', ctx);
    expect(seen).toEqual(['u1']);
    expect(errors).toEqual([
      { signal: 'user_disabled', userId: 'u1', err: { message: 'revocation store down' } },
    ]);
  });
});
