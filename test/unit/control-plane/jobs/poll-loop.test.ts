import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createPollLoop } from '../../../../control-plane/jobs/poll-loop.ts';

const logger = pino({ level: 'silent' });
const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('poll loop', () => {
  it('runs again at once while there is work, then waits for the interval or a wake-up', async () => {
    let work = 3;
    let calls = 0;
    const loop = createPollLoop({
      name: 't',
      intervalMs: 60_000,
      logger,
      runOnce: async () => {
        calls++;
        if (work > 0) {
          work--;
          return true;
        }
        return false;
      },
    });
    loop.start();
    await until(() => calls === 4); // three with work, one that found none
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(4); // now asleep for a minute
    work = 1;
    loop.wake();
    await until(() => calls === 6);
    await loop.stop();
    expect(loop.running).toBe(false);
  });

  it('a wake-up before it sleeps is not lost', async () => {
    let calls = 0;
    let wakeDuringRun = true;
    const loop = createPollLoop({
      name: 't',
      intervalMs: 60_000,
      logger,
      runOnce: async () => {
        calls++;
        if (wakeDuringRun) {
          wakeDuringRun = false;
          loop.wake();
        }
        return false;
      },
    });
    loop.start();
    await until(() => calls === 2);
    await loop.stop();
  });

  it('logs a failing unit and goes on after the error delay; stop waits for the unit in progress', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'error' }, { write: (l: string) => void lines.push(l) });
    let calls = 0;
    let inFlight = false;
    const loop = createPollLoop({
      name: 'flaky',
      intervalMs: 5,
      errorDelayMs: 10,
      logger: log,
      runOnce: async () => {
        calls++;
        inFlight = true;
        await new Promise((r) => setTimeout(r, 5));
        inFlight = false;
        if (calls === 1) throw new Error('boom');
        return false;
      },
    });
    loop.start();
    await until(() => calls >= 3);
    await loop.stop();
    expect(inFlight).toBe(false);
    expect(lines.join('')).toContain('boom');
    expect(lines.join('')).toContain('"loop":"flaky"');
  });
});
