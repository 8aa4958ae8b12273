// EventDelivery's queue, retry schedule, duplicates and shutdown, with the HTTP POST replaced by a
// scripted function (the real HTTP path is covered in test/integration/sandbox/events.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxClock } from '../../../sandbox/clock.ts';
import type { AppEvent } from '../../../sandbox/events/contact-events.ts';
import { EventDelivery, RETRY_DELAYS_MS } from '../../../sandbox/events/delivery.ts';
import type { PostResult } from '../../../sandbox/events/http-post.ts';
import { OrgStore } from '../../../sandbox/org/org-store.ts';
import type { SandboxApp } from '../../../sandbox/org/types.ts';

interface Sent {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  at: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(5);
  }
}

let delivery: EventDelivery | undefined;
afterEach(() => delivery?.close());

function setup(
  answer: (n: number) => Promise<PostResult>,
  opts: Partial<{
    retryScale: number;
    duplicateRate: number;
    maxQueue: number;
    concurrency: number;
  }> = {},
) {
  const clock = new SandboxClock();
  const store = new OrgStore(clock);
  store.addTenant({ tenantKey: 't1', name: 'T' });
  const app: SandboxApp = {
    appId: 'cli_0000000000000001',
    appSecret: 's',
    tenantKey: 't1',
    brand: 'feishu',
    name: 'A',
    scopes: [],
    userScopes: [],
    contactRange: { kind: 'all' },
    availability: { kind: 'all' },
    redirectUrls: [],
    encryptKey: '',
    verificationToken: 'vt',
    subscription: { requestUrl: 'http://127.0.0.1:9/hook', eventTypes: [] },
    allowRefresh: true,
    enabled: true,
  };
  store.addApp(app);
  const sent: Sent[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  delivery = new EventDelivery({
    store,
    now: () => clock.now(),
    retryScale: opts.retryScale ?? 0.0001,
    duplicateRate: opts.duplicateRate ?? 0,
    seed: 1,
    maxQueue: opts.maxQueue,
    concurrency: opts.concurrency,
    duplicateDelayMs: 1,
    post: async (url, body, headers, timeoutMs) => {
      sent.push({ url, body, headers, timeoutMs, at: Date.now() });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await answer(sent.length);
      } finally {
        inFlight -= 1;
      }
    },
  });
  const event = (id: string): AppEvent => ({
    appId: app.appId,
    envelope: {
      schema: '2.0',
      header: {
        event_id: id,
        event_type: 'contact.user.updated_v3',
        create_time: '1',
        token: 'vt',
        app_id: app.appId,
        tenant_key: 't1',
      },
      event: {},
    },
  });
  return { d: delivery, sent, event, clock, store, app, maxInFlight: () => maxInFlight };
}

const ok = async (): Promise<PostResult> => ({ status: 200, body: '{}' });
const fail = async (): Promise<PostResult> => ({ status: 500, body: 'no' });

describe('event delivery', () => {
  it('delivers once on HTTP 200, with a 3 s timeout, to the subscription URL', async () => {
    const { d, sent, event } = setup(ok);
    d.enqueue(event('e1'));
    await d.settled();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe('http://127.0.0.1:9/hook');
    expect(sent[0]?.timeoutMs).toBe(3000);
    expect(JSON.parse(sent[0]?.body ?? '')).toMatchObject({ header: { event_id: 'e1' } });
    const [record] = d.records();
    expect(record).toMatchObject({ event_id: 'e1', state: 'delivered', duplicate: false });
    expect(record?.attempts).toEqual([
      expect.objectContaining({ status: 200, url: 'http://127.0.0.1:9/hook' }),
    ]);
  });

  it('retries a failing push four times on the scaled schedule, then gives up', async () => {
    const { d, sent, event } = setup(fail, { retryScale: 0.0001 });
    d.enqueue(event('e2'));
    await until(() => d.records()[0]?.state === 'failed', 8000);
    expect(sent).toHaveLength(1 + RETRY_DELAYS_MS.length);
    // 15 s, 5 min, 1 h, 6 h x 0.0001 = 1.5 ms, 30 ms, 360 ms, 2160 ms
    const gaps = sent.slice(1).map((s, i) => s.at - (sent[i]?.at ?? 0));
    expect(gaps[1]).toBeGreaterThanOrEqual(29);
    expect(gaps[2]).toBeGreaterThanOrEqual(359);
    expect(gaps[3]).toBeGreaterThanOrEqual(2159);
    expect(gaps[2]).toBeLessThan(2159);
    expect(d.records()[0]?.attempts.map((a) => a.status)).toEqual([500, 500, 500, 500, 500]);
  }, 30_000);

  it('retries after a timeout or connection error and stops at the first success', async () => {
    const { d, sent, event } = setup(async (n) => {
      if (n === 1) throw new Error('timed out after 3000 ms');
      if (n === 2) return { status: 502, body: '' };
      return { status: 200, body: '' };
    });
    d.enqueue(event('e3'));
    await until(() => d.records()[0]?.state === 'delivered');
    expect(sent).toHaveLength(3);
    expect(d.records()[0]?.attempts.map((a) => a.error ?? a.status)).toEqual([
      'timed out after 3000 ms',
      502,
      200,
    ]);
  });

  it('runs a due retry at once when the sandbox clock is moved forward', async () => {
    const { d, sent, event, clock } = setup(async (n) => (n === 1 ? fail() : ok()), {
      retryScale: 1, // a real 15 s wait
    });
    d.enqueue(event('e4'));
    await until(() => d.records()[0]?.state === 'retry_scheduled');
    const first = d.records()[0];
    const scheduledFor = (first?.next_attempt_at ?? 0) - (first?.attempts[0]?.at ?? 0);
    expect(scheduledFor).toBeGreaterThanOrEqual(15_000);
    expect(scheduledFor).toBeLessThan(15_500);
    clock.advance(14_000);
    d.runDue();
    await sleep(20);
    expect(sent).toHaveLength(1);
    clock.advance(1_000);
    d.runDue();
    await until(() => d.records()[0]?.state === 'delivered');
    expect(sent).toHaveLength(2);
  });

  it('delivers at least once: with duplicateRate 1 every delivered event comes twice', async () => {
    const { d, sent, event } = setup(ok, { duplicateRate: 1 });
    d.enqueue(event('e5'));
    d.enqueue(event('e6'));
    await until(() => sent.length === 4 && d.records().every((r) => r.state === 'delivered'));
    await sleep(30);
    expect(sent).toHaveLength(4); // a duplicate is not duplicated again
    const ids = sent.map(
      (s) => (JSON.parse(s.body) as { header: { event_id: string } }).header.event_id,
    );
    expect(ids.sort()).toEqual(['e5', 'e5', 'e6', 'e6']);
    expect(d.records().filter((r) => r.duplicate)).toHaveLength(2);
  });

  it('duplicates about duplicateRate of the events, with seeded draws', async () => {
    const run = async () => {
      const { d, sent, event } = setup(ok, { duplicateRate: 0.3 });
      for (let i = 0; i < 200; i += 1) d.enqueue(event(`d${i}`));
      await d.settled();
      await sleep(30);
      await d.settled();
      const dups = d
        .records({ limit: 1000 })
        .filter((r) => r.duplicate)
        .map((r) => r.event_id);
      d.close();
      expect(sent.length).toBe(200 + dups.length);
      return dups.sort();
    };
    const first = await run();
    expect(first.length).toBeGreaterThan(30);
    expect(first.length).toBeLessThan(90);
    expect(await run()).toEqual(first);
  });

  it('bounds concurrency and the queue', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const { d, event, maxInFlight } = setup(
      async () => {
        await gate;
        return { status: 200, body: '' };
      },
      { concurrency: 2, maxQueue: 5 },
    );
    const records = Array.from({ length: 8 }, (_, i) => d.enqueue(event(`q${i}`)));
    expect(records.filter((r) => r.state === 'dropped')).toHaveLength(3);
    await sleep(10);
    expect(maxInFlight()).toBe(2);
    release();
    await until(() => d.records().filter((r) => r.state === 'delivered').length === 5);
    expect(maxInFlight()).toBe(2);
  });

  it('close() cancels scheduled retries and drops what is queued', async () => {
    const { d, sent, event } = setup(fail, { retryScale: 0.01 });
    d.enqueue(event('c1'));
    await until(() => d.records()[0]?.state === 'retry_scheduled');
    d.close();
    expect(d.pending()).toBe(0);
    await sleep(300); // the first retry would have run after 150 ms
    expect(sent).toHaveLength(1);
    expect(d.records()[0]?.state).toBe('dropped');
    expect(d.enqueue(event('c2')).state).toBe('dropped');
  });

  it('fails an event whose app no longer has a subscription', async () => {
    const { d, sent, event, store, app } = setup(ok);
    store.updateApp(app.appId, { subscription: undefined });
    d.enqueue(event('u1'));
    await d.settled();
    expect(sent).toHaveLength(0);
    expect(d.records()[0]).toMatchObject({ state: 'failed' });
  });
});
