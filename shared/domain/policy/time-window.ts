// Time windows of policy conditions, read in an IANA time zone. The zone offset comes from
// Intl.DateTimeFormat (present in Node and in browsers, no tz database of our own) and is cached
// per 15-minute UTC bucket: every current zone changes its offset only on such a boundary, and a
// bucket whose two ends disagree is never cached, so a transition inside one is still exact.

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimeWindowInput {
  days: readonly Weekday[];
  /** Minute of the local day the window opens, 0..1439. */
  start_minute: number;
  /** Minute it closes (exclusive), 1..1440; below start_minute means "past midnight". */
  end_minute: number;
}

export interface CompiledWindow {
  /** Bit d set when weekday d (0 = Sunday) opens the window. */
  days: number;
  start: number;
  end: number;
  zone: ZoneClock;
}

const BUCKET_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const CACHE_LIMIT = 4096;

export class ZoneClock {
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  }

  /** Local time minus UTC, in milliseconds, at instant `t`. */
  private offsetNow(t: number): number {
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let bc = false;
    for (const p of this.format.formatToParts(t)) {
      if (p.type === 'year') year = Number(p.value);
      else if (p.type === 'month') month = Number(p.value);
      else if (p.type === 'day') day = Number(p.value);
      else if (p.type === 'hour') hour = Number(p.value);
      else if (p.type === 'minute') minute = Number(p.value);
      else if (p.type === 'second') second = Number(p.value);
      else if (p.type === 'era') bc = p.value.startsWith('B');
    }
    const asUtc = new Date(0);
    asUtc.setUTCFullYear(bc ? 1 - year : year, month - 1, day);
    asUtc.setUTCHours(hour, minute, second, 0);
    return asUtc.getTime() - (t - (((t % 1000) + 1000) % 1000));
  }

  offsetAt(t: number): number {
    const bucket = Math.floor(t / BUCKET_MS);
    const cached = this.offsets.get(bucket);
    if (cached !== undefined) return cached;
    const start = bucket * BUCKET_MS;
    const atStart = this.offsetNow(start);
    if (this.offsetNow(start + BUCKET_MS - 1) !== atStart) return this.offsetNow(t);
    if (this.offsets.size >= CACHE_LIMIT) this.offsets.clear();
    this.offsets.set(bucket, atStart);
    return atStart;
  }

  /** Local weekday (0 = Sunday) and minute of the day at instant `t`. */
  local(t: number): { weekday: number; minute: number } {
    const localMs = t + this.offsetAt(t);
    const days = Math.floor(localMs / DAY_MS);
    return {
      weekday: (((days + 4) % 7) + 7) % 7, // 1970-01-01 was a Thursday
      minute: Math.floor((localMs - days * DAY_MS) / 60_000),
    };
  }
}

/** One ZoneClock per zone, shared by every window of a compiled set. */
export class ZoneClocks {
  private readonly clocks = new Map<string, ZoneClock>();
  get(timeZone: string): ZoneClock {
    let c = this.clocks.get(timeZone);
    if (!c) this.clocks.set(timeZone, (c = new ZoneClock(timeZone)));
    return c;
  }
}

export function compileWindow(w: TimeWindowInput, zone: ZoneClock): CompiledWindow {
  let days = 0;
  for (const d of w.days) days |= 1 << WEEKDAYS.indexOf(d);
  return { days, start: w.start_minute, end: w.end_minute, zone };
}

/**
 * Inside [start, end) on one of the days; a window past midnight (end < start) belongs to the
 * day it opens, so "fri 22:00-06:00" holds from Friday 22:00 to Saturday 06:00.
 */
export function windowContains(w: CompiledWindow, weekday: number, minute: number): boolean {
  if (w.start < w.end)
    return (w.days & (1 << weekday)) !== 0 && minute >= w.start && minute < w.end;
  if (minute >= w.start) return (w.days & (1 << weekday)) !== 0;
  return minute < w.end && (w.days & (1 << ((weekday + 6) % 7))) !== 0;
}

export function inAnyWindow(windows: readonly CompiledWindow[], t: number): boolean {
  for (const w of windows) {
    const { weekday, minute } = w.zone.local(t);
    if (windowContains(w, weekday, minute)) return true;
  }
  return false;
}

/**
 * The next instant after `t` at which the window opens or closes, within the next 8 days, or
 * undefined when it never does. Found in local time, then corrected by the offset change across
 * the gap. Near a DST switch it can come early (the first of a repeated hour, or before a
 * skipped one), never late, so a document that expires then is only refreshed sooner.
 */
export function nextWindowEdge(w: CompiledWindow, t: number): number | undefined {
  const offset = w.zone.offsetAt(t);
  const localMs = t + offset;
  const days = Math.floor(localMs / DAY_MS);
  const weekday = (((days + 4) % 7) + 7) % 7;
  const intoDay = localMs - days * DAY_MS;
  let best = Infinity;
  // From yesterday: a window that opened then past midnight closes today.
  for (let ahead = -1; ahead <= 8; ahead++) {
    const opens = (w.days & (1 << ((weekday + ahead + 7) % 7))) !== 0;
    if (!opens) continue;
    const closeDay = w.start < w.end ? ahead : ahead + 1;
    const opensIn = ahead * DAY_MS + w.start * 60_000 - intoDay;
    const closesIn = closeDay * DAY_MS + w.end * 60_000 - intoDay;
    if (opensIn > 0 && opensIn < best) best = opensIn;
    if (closesIn > 0 && closesIn < best) best = closesIn;
    if (best !== Infinity && best <= ahead * DAY_MS) break;
  }
  if (best === Infinity) return undefined;
  const edge = t + best;
  return edge + (offset - w.zone.offsetAt(edge));
}
