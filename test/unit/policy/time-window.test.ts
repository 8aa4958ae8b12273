import { describe, expect, it } from 'vitest';
import { compilePolicies } from '../../../shared/domain/policy/index.ts';
import {
  compileWindow,
  inAnyWindow,
  nextWindowEdge,
  windowContains,
  ZoneClock,
  type TimeWindowInput,
} from '../../../shared/domain/policy/time-window.ts';
import { policy, set, user } from './fixtures.ts';

const H = 3_600_000;
const M = 60_000;
const win = (w: Partial<TimeWindowInput>, zone = 'Asia/Shanghai') =>
  compileWindow(
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start_minute: 540, end_minute: 1080, ...w },
    new ZoneClock(zone),
  );

describe('zone clock', () => {
  it('reads local weekday and minute in fixed-offset zones', () => {
    const shanghai = new ZoneClock('Asia/Shanghai');
    // 2026-01-04 (Sunday) 23:30 UTC is Monday 07:30 in Shanghai.
    expect(shanghai.local(Date.UTC(2026, 0, 4, 23, 30))).toEqual({ weekday: 1, minute: 450 });
    const kathmandu = new ZoneClock('Asia/Kathmandu'); // +05:45
    expect(kathmandu.local(Date.UTC(2026, 0, 5, 0, 0))).toEqual({ weekday: 1, minute: 345 });
    const utc = new ZoneClock('UTC');
    expect(utc.local(Date.UTC(1970, 0, 1, 0, 0))).toEqual({ weekday: 4, minute: 0 });
    expect(utc.local(Date.UTC(1969, 11, 31, 23, 59))).toEqual({ weekday: 3, minute: 1439 });
  });

  it('follows DST exactly at the switch (New York, Lord Howe half-hour DST)', () => {
    const ny = new ZoneClock('America/New_York');
    // 2026-03-08 02:00 EST -> 03:00 EDT, i.e. 07:00 UTC.
    const spring = Date.UTC(2026, 2, 8, 7, 0);
    expect(ny.offsetAt(spring - 1)).toBe(-5 * H);
    expect(ny.offsetAt(spring)).toBe(-4 * H);
    expect(ny.local(spring - M)).toEqual({ weekday: 0, minute: 119 });
    expect(ny.local(spring)).toEqual({ weekday: 0, minute: 180 });
    // 2026-11-01 02:00 EDT -> 01:00 EST, i.e. 06:00 UTC; 01:30 happens twice.
    const fall = Date.UTC(2026, 10, 1, 6, 0);
    expect(ny.local(fall - 30 * M)).toEqual({ weekday: 0, minute: 90 });
    expect(ny.local(fall + 30 * M)).toEqual({ weekday: 0, minute: 90 });
    const lordHowe = new ZoneClock('Australia/Lord_Howe'); // +10:30 / +11:00
    expect(lordHowe.offsetAt(Date.UTC(2026, 6, 1))).toBe(10.5 * H);
    expect(lordHowe.offsetAt(Date.UTC(2026, 0, 1))).toBe(11 * H);
  });

  it('agrees with Intl at every quarter hour across a DST year (cache is exact)', () => {
    const zone = 'Europe/London';
    const clock = new ZoneClock(zone);
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
    });
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    for (let t = Date.UTC(2026, 2, 28); t < Date.UTC(2026, 2, 30); t += 7 * M) {
      const parts = Object.fromEntries(fmt.formatToParts(t).map((p) => [p.type, p.value]));
      const expected = {
        weekday: days.indexOf(parts.weekday!),
        minute: Number(parts.hour) * 60 + Number(parts.minute),
      };
      expect(clock.local(t)).toEqual(expected);
    }
  });
});

describe('windows', () => {
  it('holds on listed days within [start, end)', () => {
    const w = win({});
    expect(windowContains(w, 1, 540)).toBe(true);
    expect(windowContains(w, 1, 1079)).toBe(true);
    expect(windowContains(w, 1, 1080)).toBe(false);
    expect(windowContains(w, 1, 539)).toBe(false);
    expect(windowContains(w, 6, 600)).toBe(false);
  });

  it('past midnight belongs to the day it opens', () => {
    const night = win({ days: ['fri'], start_minute: 22 * 60, end_minute: 6 * 60 });
    expect(windowContains(night, 5, 23 * 60)).toBe(true); // Friday 23:00
    expect(windowContains(night, 6, 5 * 60)).toBe(true); // Saturday 05:00
    expect(windowContains(night, 6, 6 * 60)).toBe(false); // Saturday 06:00
    expect(windowContains(night, 5, 5 * 60)).toBe(false); // Friday 05:00 (Thursday's night)
    expect(windowContains(night, 6, 23 * 60)).toBe(false); // Saturday 23:00
  });

  it('a whole day is 0-1440', () => {
    const sunday = win({ days: ['sun'], start_minute: 0, end_minute: 1440 });
    expect(windowContains(sunday, 0, 0)).toBe(true);
    expect(windowContains(sunday, 0, 1439)).toBe(true);
    expect(windowContains(sunday, 1, 0)).toBe(false);
  });

  it('reads the same instant differently per zone', () => {
    const t = Date.UTC(2026, 0, 5, 2, 0); // Monday 10:00 Shanghai, Sunday 21:00 New York
    expect(inAnyWindow([win({}, 'Asia/Shanghai')], t)).toBe(true);
    expect(inAnyWindow([win({}, 'America/New_York')], t)).toBe(false);
    expect(inAnyWindow([win({}, 'America/New_York'), win({}, 'Asia/Shanghai')], t)).toBe(true);
  });

  it('finds the next edge, across midnight and a DST switch', () => {
    const w = win({});
    const mon10 = Date.UTC(2026, 0, 5, 2, 0);
    expect(nextWindowEdge(w, mon10)).toBe(Date.UTC(2026, 0, 5, 10, 0)); // 18:00 local
    const fri19 = Date.UTC(2026, 0, 9, 11, 0);
    expect(nextWindowEdge(w, fri19)).toBe(Date.UTC(2026, 0, 12, 1, 0)); // Monday 09:00
    const night = win({ days: ['fri'], start_minute: 22 * 60, end_minute: 6 * 60 });
    const fri23 = Date.UTC(2026, 0, 9, 15, 0);
    expect(nextWindowEdge(night, fri23)).toBe(Date.UTC(2026, 0, 9, 22, 0)); // Sat 06:00
    const ny = win({ days: ['sun'], start_minute: 600, end_minute: 720 }, 'America/New_York');
    // Saturday 2026-03-07 12:00 EST; Sunday 10:00 is EDT (14:00 UTC), after the switch.
    expect(nextWindowEdge(ny, Date.UTC(2026, 2, 7, 17, 0))).toBe(Date.UTC(2026, 2, 8, 14, 0));
  });
});

describe('time windows in policies', () => {
  const office = policy({
    conditions: {
      time_windows: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start_minute: 540, end_minute: 1080 },
      ],
    },
  });

  it('use the tenant time zone unless the window names one', () => {
    const t = Date.UTC(2026, 0, 5, 2, 0); // Monday 10:00 Shanghai, Sunday 21:00 New York
    const shanghai = compilePolicies(set([office]));
    expect(shanghai.decide(user([]), 'git', { time: t }).decision).toBe('allow');
    const ny = compilePolicies(set([office], { time_zone: 'America/New_York' }));
    expect(ny.decide(user([]), 'git', { time: t }).decision).toBe('deny');
    const own = policy({
      conditions: {
        time_windows: [
          { days: ['mon'], start_minute: 540, end_minute: 1080, time_zone: 'Asia/Shanghai' },
        ],
      },
    });
    expect(
      compilePolicies(set([own], { time_zone: 'America/New_York' })).decide(user([]), 'git', {
        time: t,
      }).decision,
    ).toBe('allow');
  });

  it('refuses bad windows', () => {
    const bad = (w: object) => () =>
      compilePolicies(set([policy({ conditions: { time_windows: [w as never] } })]));
    expect(bad({ days: ['mon'], start_minute: 60, end_minute: 60 })).toThrow(/same minute/);
    expect(bad({ days: [], start_minute: 0, end_minute: 60 })).toThrow();
    expect(bad({ days: ['monday'], start_minute: 0, end_minute: 60 })).toThrow();
    expect(bad({ days: ['mon'], start_minute: 1440, end_minute: 60 })).toThrow();
    expect(bad({ days: ['mon'], start_minute: 0, end_minute: 60, time_zone: 'Mars/Base' })).toThrow(
      /IANA/,
    );
    expect(() => compilePolicies(set([], { time_zone: 'Nowhere/Land' }))).toThrow(/IANA/);
  });
});
