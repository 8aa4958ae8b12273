import { describe, expect, it } from 'vitest';
import { nextRunAt, scheduleProblem } from '../../../control-plane/identity-sources/schedule.ts';

const from = new Date('2026-03-10T05:30:00Z');

describe('sync schedule', () => {
  it('accepts 1-24 hour intervals only', () => {
    expect(scheduleProblem({ kind: 'interval', interval_hours: 1 }, 'UTC', from)).toBeUndefined();
    expect(scheduleProblem({ kind: 'interval', interval_hours: 24 }, 'UTC', from)).toBeUndefined();
    expect(scheduleProblem({ kind: 'interval', interval_hours: 0 }, 'UTC', from)).toMatch(
      /1 to 24/,
    );
    expect(scheduleProblem({ kind: 'interval', interval_hours: 1.5 }, 'UTC', from)).toMatch(
      /whole number/,
    );
  });

  it('accepts five-field crons that fire at most hourly', () => {
    for (const expression of [
      '0 0 * * *',
      '30 2 * * 1-5',
      '0 */6 * * *',
      '15 * * * *',
      '0 9 1 * *',
    ]) {
      expect(
        scheduleProblem({ kind: 'cron', expression }, 'Asia/Shanghai', from),
        expression,
      ).toBeUndefined();
    }
    expect(scheduleProblem({ kind: 'cron', expression: '*/30 * * * *' }, 'UTC', from)).toMatch(
      /more than once an hour/,
    );
    expect(scheduleProblem({ kind: 'cron', expression: '0,30 9 * * *' }, 'UTC', from)).toMatch(
      /more than once an hour/,
    );
    expect(scheduleProblem({ kind: 'cron', expression: '0 0 0 * * *' }, 'UTC', from)).toMatch(
      /five fields/,
    );
    expect(scheduleProblem({ kind: 'cron', expression: '61 0 * * *' }, 'UTC', from)).toMatch(
      /cannot be parsed/,
    );
    expect(scheduleProblem({ kind: 'cron', expression: '0 0 31 2 *' }, 'UTC', from)).toMatch(
      /never fires|cannot be parsed/,
    );
  });

  it('reads a cron in the tenant’s time zone', () => {
    expect(
      nextRunAt({ kind: 'cron', expression: '0 0 * * *' }, 'Asia/Shanghai', from)?.toISOString(),
    ).toBe('2026-03-10T16:00:00.000Z');
    expect(
      nextRunAt({ kind: 'cron', expression: '0 0 * * *' }, 'Europe/Berlin', from)?.toISOString(),
    ).toBe('2026-03-10T23:00:00.000Z');
  });

  it('counts intervals from the last run, never into the past', () => {
    const last = new Date('2026-03-10T03:00:00Z');
    expect(
      nextRunAt({ kind: 'interval', interval_hours: 6 }, 'UTC', from, last)?.toISOString(),
    ).toBe('2026-03-10T09:00:00.000Z');
    expect(
      nextRunAt({ kind: 'interval', interval_hours: 1 }, 'UTC', from, last)?.toISOString(),
    ).toBe(from.toISOString());
    expect(nextRunAt({ kind: 'interval', interval_hours: 2 }, 'UTC', from)?.toISOString()).toBe(
      '2026-03-10T07:30:00.000Z',
    );
  });
});
