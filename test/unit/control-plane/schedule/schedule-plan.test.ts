import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  jitterMs,
  MAX_JITTER_MS,
  planIsCurrent,
  planNextRun,
} from '../../../../control-plane/sync/schedule-plan.ts';

const SOURCE = '0b5c7a52-6a1f-4f59-9a36-6f2d4a6e1c11';
const daily = { kind: 'cron' as const, expression: '0 0 * * *' };

describe('schedule plan', () => {
  it('fires a daily cron at midnight in the tenant time zone, plus at most five minutes', () => {
    const now = new Date('2026-03-10T05:30:00Z'); // 13:30 in Shanghai
    const plan = planNextRun({
      sourceId: SOURCE,
      schedule: daily,
      timeZone: 'Asia/Shanghai',
      now,
    })!;
    expect(plan.nominal_at).toBe('2026-03-10T16:00:00.000Z'); // 00:00 on the 11th, UTC+8
    const jitter = new Date(plan.at).getTime() - new Date(plan.nominal_at).getTime();
    expect(jitter).toBeGreaterThanOrEqual(0);
    expect(jitter).toBeLessThan(MAX_JITTER_MS);
    const ny = planNextRun({
      sourceId: SOURCE,
      schedule: daily,
      timeZone: 'America/New_York',
      now,
    })!;
    expect(ny.nominal_at).toBe('2026-03-11T04:00:00.000Z'); // EDT from March 8th
  });

  it('plans the same time on every replica (the jitter is a function of source and time)', () => {
    const now = new Date('2026-03-10T05:30:00Z');
    const a = planNextRun({ sourceId: SOURCE, schedule: daily, timeZone: 'UTC', now });
    const b = planNextRun({ sourceId: SOURCE, schedule: daily, timeZone: 'UTC', now });
    expect(a).toEqual(b);
    const other = planNextRun({
      sourceId: '7d3f0e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6',
      schedule: daily,
      timeZone: 'UTC',
      now,
    });
    expect(other!.nominal_at).toBe(a!.nominal_at);
  });

  it('spreads sources over the jitter window and keeps it within 5% of the period', () => {
    const nominal = new Date('2026-03-11T00:00:00Z');
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: 24 }), (id, hours) => {
        const period = hours * 3_600_000;
        const j = jitterMs(id, nominal, period);
        return j >= 0 && j < Math.min(MAX_JITTER_MS, period * 0.05) + 1;
      }),
    );
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++)
      seen.add(Math.floor(jitterMs(`source-${i}`, nominal, 24 * 3_600_000) / 60_000));
    expect(seen.size).toBeGreaterThanOrEqual(4); // 5 one-minute buckets, 50 sources
  });

  it('counts an interval from now, or from the time it was given', () => {
    const now = new Date('2026-03-10T05:30:00Z');
    const plan = planNextRun({
      sourceId: SOURCE,
      schedule: { kind: 'interval', interval_hours: 6 },
      timeZone: 'UTC',
      now,
    })!;
    expect(plan.nominal_at).toBe('2026-03-10T11:30:00.000Z');
    const hinted = planNextRun({
      sourceId: SOURCE,
      schedule: { kind: 'interval', interval_hours: 6 },
      timeZone: 'UTC',
      now,
      nominalHint: new Date('2026-03-10T07:00:00Z'),
    })!;
    expect(hinted.nominal_at).toBe('2026-03-10T07:00:00.000Z');
    const hourlyJitter = new Date(plan.at).getTime() - new Date(plan.nominal_at).getTime();
    expect(hourlyJitter).toBeLessThan(6 * 3_600_000 * 0.05);
  });

  it('knows when a plan no longer follows from the settings', () => {
    const now = new Date('2026-03-10T05:30:00Z');
    const plan = planNextRun({ sourceId: SOURCE, schedule: daily, timeZone: 'UTC', now })!;
    const at = new Date(plan.at);
    expect(planIsCurrent(plan, at, daily, 'UTC')).toBe(true);
    expect(planIsCurrent(null, at, daily, 'UTC')).toBe(false);
    expect(planIsCurrent(plan, null, daily, 'UTC')).toBe(false);
    expect(planIsCurrent(plan, new Date(at.getTime() + 1), daily, 'UTC')).toBe(false);
    expect(planIsCurrent(plan, at, daily, 'Asia/Shanghai')).toBe(false);
    expect(planIsCurrent(plan, at, { kind: 'cron', expression: '0 1 * * *' }, 'UTC')).toBe(false);
    expect(planIsCurrent(plan, at, { kind: 'interval', interval_hours: 24 }, 'UTC')).toBe(false);
  });
});
