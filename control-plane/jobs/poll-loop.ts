// A background loop around one unit of work: run it, run it again at once while it finds work,
// otherwise wait for the interval or a wake-up. Errors are logged and slow the loop down instead
// of ending it. Tests call the unit (`runOnce`) directly with a fake clock; only a process that
// serves traffic starts loops.
import type { Logger } from '../observability/logger.ts';

export interface PollLoopOptions {
  name: string;
  /** Does one unit of work; resolves true when it found work (so the loop goes on at once). */
  runOnce: () => Promise<boolean>;
  intervalMs: number;
  logger: Logger;
  /** After an error the loop waits this long (default: 5 x the interval, at most 30 s). */
  errorDelayMs?: number;
  /** A wake-up runs the unit this much later, so work arriving together is done together. */
  wakeDelayMs?: number;
}

export interface PollLoop {
  start(): void;
  /** Runs the unit soon instead of at the end of the interval. */
  wake(): void;
  /** Stops after the unit in progress, if any, has finished. */
  stop(): Promise<void>;
  readonly running: boolean;
}

export function createPollLoop(options: PollLoopOptions): PollLoop {
  const errorDelayMs = options.errorDelayMs ?? Math.min(30_000, options.intervalMs * 5);
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let sleeping: (() => void) | undefined;
  let woken = false;
  let wakeTimer: NodeJS.Timeout | undefined;
  let done: Promise<void> = Promise.resolve();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || !running) {
        woken = false;
        resolve();
        return;
      }
      sleeping = () => {
        clearTimeout(timer);
        sleeping = undefined;
        woken = false;
        resolve();
      };
      timer = setTimeout(() => sleeping?.(), ms);
    });

  async function loop(): Promise<void> {
    while (running) {
      let delay = options.intervalMs;
      try {
        if (await options.runOnce()) delay = 0;
      } catch (err) {
        delay = errorDelayMs;
        options.logger.error(
          {
            loop: options.name,
            err: { type: (err as Error).name, message: (err as Error).message },
          },
          'background work failed',
        );
      }
      if (!running) break;
      if (delay === 0) await new Promise<void>((r) => setImmediate(r));
      else await sleep(delay);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      done = loop();
    },
    wake() {
      if (!sleeping) {
        woken = true;
        return;
      }
      if (!options.wakeDelayMs) sleeping();
      else if (!wakeTimer)
        wakeTimer = setTimeout(() => {
          wakeTimer = undefined;
          sleeping?.();
        }, options.wakeDelayMs);
    },
    async stop() {
      running = false;
      clearTimeout(wakeTimer);
      sleeping?.();
      await done;
    },
    get running() {
      return running;
    },
  };
}
