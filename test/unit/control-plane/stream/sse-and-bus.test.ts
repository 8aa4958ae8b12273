// SSE framing (one JSON line per event, ids only on events, not on heartbeats) and the
// in-process bus (subscribers get session ids; unsubscribing stops them).
import { describe, expect, it } from 'vitest';
import { createInProcessBus } from '../../../../control-plane/stream/session-event-bus.ts';
import { sseEvent } from '../../../../control-plane/stream/sse-writer.ts';

describe('SSE framing', () => {
  it('writes id, event and one line of JSON data, and no id for heartbeats', () => {
    expect(sseEvent('session-revoked', { a: 'x\ny' }, 7)).toBe(
      'id: 7\nevent: session-revoked\ndata: {"a":"x\\ny"}\n\n',
    );
    expect(sseEvent('heartbeat', { at: 't' })).toBe('event: heartbeat\ndata: {"at":"t"}\n\n');
  });
});

describe('in-process session bus', () => {
  it('tells subscribers which sessions have news until they unsubscribe', async () => {
    const bus = createInProcessBus();
    const seen: string[][] = [];
    const off = bus.subscribe((ids) => seen.push(ids));
    await bus.publish(['a', 'b']);
    await bus.publish([]);
    off();
    await bus.publish(['c']);
    expect(seen).toEqual([['a', 'b']]);
    await bus.close();
  });
});
