// Pushes events to subscribed apps the way the platform does (reference 6.6): POST to the app's
// request URL, HTTP 200 within 3 s or it is retried after 15 s, 5 min, 1 h and 6 h (at most four
// retries; the schedule is multiplied by retryScale so tests run it in milliseconds); at least
// once: a delivered event is, with probability duplicateRate (seeded draws), delivered again with
// the same event_id. A bounded queue, bounded concurrency, and a bounded delivery log.
import { createRng, type Rng } from '../org/generator-rng.ts';
import type { OrgStore } from '../org/org-store.ts';
import type { AppEvent } from './contact-events.ts';
import { wireRequest } from './envelope.ts';
import { postJson, type PostResult } from './http-post.ts';

export const RETRY_DELAYS_MS = [15_000, 5 * 60_000, 60 * 60_000, 6 * 60 * 60_000] as const;

export type DeliveryState =
  'queued' | 'in_flight' | 'retry_scheduled' | 'delivered' | 'failed' | 'dropped';

export interface DeliveryAttempt {
  /** Sandbox-clock milliseconds when the attempt started. */
  at: number;
  url: string;
  status?: number;
  error?: string;
  duration_ms: number;
}

export interface DeliveryRecord {
  delivery_id: string;
  event_id: string;
  event_type: string;
  app_id: string;
  /** A repeat of an already delivered event (at-least-once delivery). */
  duplicate: boolean;
  state: DeliveryState;
  created_at: number;
  next_attempt_at?: number;
  attempts: DeliveryAttempt[];
}

export interface DeliveryOptions {
  store: OrgStore;
  /** Sandbox clock, milliseconds. */
  now: () => number;
  retryScale: number;
  duplicateRate: number;
  seed: number;
  timeoutMs?: number;
  maxQueue?: number;
  concurrency?: number;
  maxLog?: number;
  /** Delay before a duplicate is sent (real milliseconds). */
  duplicateDelayMs?: number;
  post?: typeof postJson;
}

interface Job {
  event: AppEvent;
  record: DeliveryRecord;
}

interface Scheduled {
  job: Job;
  timer: NodeJS.Timeout;
  dueAt: number;
}

export class EventDelivery {
  private readonly opts: Required<Omit<DeliveryOptions, 'store' | 'now'>>;
  private readonly store: OrgStore;
  private readonly now: () => number;
  private readonly rng: Rng;
  private readonly ready: Job[] = [];
  private readonly scheduled = new Set<Scheduled>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly log = new Map<string, DeliveryRecord>();
  private readonly abort = new AbortController();
  private readonly idle = new Set<() => void>();
  private inFlight = 0;
  private seq = 0;
  private closed = false;

  constructor(options: DeliveryOptions) {
    this.store = options.store;
    this.now = options.now;
    this.opts = {
      retryScale: options.retryScale,
      duplicateRate: options.duplicateRate,
      seed: options.seed,
      timeoutMs: options.timeoutMs ?? 3000,
      maxQueue: options.maxQueue ?? 10_000,
      concurrency: options.concurrency ?? 8,
      maxLog: options.maxLog ?? 5_000,
      duplicateDelayMs: options.duplicateDelayMs ?? 50,
      post: options.post ?? postJson,
    };
    this.rng = createRng(options.seed, 'event-duplicates');
  }

  enqueue(event: AppEvent, duplicate = false): DeliveryRecord {
    this.seq += 1;
    const record: DeliveryRecord = {
      delivery_id: `dl_${this.seq}`,
      event_id: event.envelope.header.event_id,
      event_type: event.envelope.header.event_type,
      app_id: event.appId,
      duplicate,
      state: 'queued',
      created_at: this.now(),
      attempts: [],
    };
    this.remember(record);
    if (this.closed || this.pending() >= this.opts.maxQueue) {
      record.state = 'dropped';
      return record;
    }
    this.ready.push({ event, record });
    this.pump();
    return record;
  }

  /** Newest first; filtered by app and/or event. */
  records(filter: { appId?: string; eventId?: string; limit?: number } = {}): DeliveryRecord[] {
    const out: DeliveryRecord[] = [];
    const all = [...this.log.values()];
    for (let i = all.length - 1; i >= 0 && out.length < (filter.limit ?? 100); i -= 1) {
      const r = all[i] as DeliveryRecord;
      if (filter.appId && r.app_id !== filter.appId) continue;
      if (filter.eventId && r.event_id !== filter.eventId) continue;
      out.push(structuredClone(r));
    }
    return out;
  }

  /** Queued, in flight or waiting for a retry. */
  pending(): number {
    return this.ready.length + this.inFlight + this.scheduled.size;
  }

  /** Resolves once nothing is queued or in flight (scheduled retries do not count). */
  async settled(): Promise<void> {
    if (this.ready.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  /** Runs the retries that are due by the sandbox clock (after POST /sandbox/clock). */
  runDue(): void {
    const now = this.now();
    for (const s of [...this.scheduled]) {
      if (s.dueAt > now) continue;
      clearTimeout(s.timer);
      this.scheduled.delete(s);
      this.ready.push(s.job);
    }
    this.pump();
  }

  close(): void {
    this.closed = true;
    for (const s of this.scheduled) {
      clearTimeout(s.timer);
      s.job.record.state = 'dropped';
      delete s.job.record.next_attempt_at;
    }
    this.scheduled.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const job of this.ready.splice(0)) job.record.state = 'dropped';
    this.abort.abort();
    this.notifyIdle();
  }

  private remember(record: DeliveryRecord): void {
    this.log.set(record.delivery_id, record);
    while (this.log.size > this.opts.maxLog) {
      const oldest = this.log.keys().next().value;
      if (oldest === undefined) break;
      this.log.delete(oldest);
    }
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.opts.concurrency && this.ready.length > 0) {
      const job = this.ready.shift() as Job;
      this.inFlight += 1;
      void this.attempt(job).finally(() => {
        this.inFlight -= 1;
        this.pump();
        this.notifyIdle();
      });
    }
  }

  private notifyIdle(): void {
    if (this.ready.length > 0 || this.inFlight > 0) return;
    for (const resolve of this.idle) resolve();
    this.idle.clear();
  }

  private async attempt(job: Job): Promise<void> {
    const { record, event } = job;
    const app = this.store.apps.get(event.appId);
    const url = app?.subscription?.requestUrl;
    if (!app || !url) {
      record.state = 'failed';
      record.attempts.push({
        at: this.now(),
        url: '',
        error: 'no event subscription',
        duration_ms: 0,
      });
      return;
    }
    record.state = 'in_flight';
    delete record.next_attempt_at;
    const at = this.now();
    const started = performance.now();
    const wire = wireRequest(app, event.envelope, at);
    let result: PostResult | undefined;
    let error: string | undefined;
    try {
      result = await this.opts.post(
        url,
        wire.body,
        wire.headers,
        this.opts.timeoutMs,
        this.abort.signal,
      );
    } catch (err) {
      error = (err as Error).message;
    }
    const attempt: DeliveryAttempt = {
      at,
      url,
      duration_ms: Math.round(performance.now() - started),
    };
    if (result) attempt.status = result.status;
    if (error) attempt.error = error;
    record.attempts.push(attempt);
    if (this.closed) {
      record.state = 'dropped';
      return;
    }
    if (result?.status === 200) {
      record.state = 'delivered';
      if (
        !record.duplicate &&
        this.opts.duplicateRate > 0 &&
        this.rng.chance(this.opts.duplicateRate)
      ) {
        this.later(this.opts.duplicateDelayMs, () => this.enqueue(event, true));
      }
      return;
    }
    const retriesSoFar = record.attempts.length - 1;
    const delay = RETRY_DELAYS_MS[retriesSoFar];
    if (delay === undefined) {
      record.state = 'failed';
      return;
    }
    const scaled = Math.max(0, Math.round(delay * this.opts.retryScale));
    record.state = 'retry_scheduled';
    record.next_attempt_at = this.now() + scaled;
    const entry: Scheduled = {
      job,
      dueAt: record.next_attempt_at,
      timer: setTimeout(() => {
        this.scheduled.delete(entry);
        this.ready.push(job);
        this.pump();
      }, scaled),
    };
    this.scheduled.add(entry);
  }

  /** A one-off timer that close() cancels like the retry timers. */
  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }
}
