// The session event bus across replicas: NOTIFY on one channel, LISTEN on a dedicated
// connection per replica. Payloads are comma-separated session ids, chunked well below
// PostgreSQL's 8000-byte limit. A dropped LISTEN connection is re-opened with capped backoff,
// and subscribers are told to resync (read what they may have missed from the table).
import pg from 'pg';
import type { SessionEventBus, SessionEventListener } from './session-event-bus.ts';

export const SESSION_EVENTS_CHANNEL = 'gatehouse_session_events';
const IDS_PER_NOTICE = 150;
const UUID = /^[0-9a-f-]{36}$/i;

export interface PgNotifyBusOptions {
  url: string;
  /** Where failures of the LISTEN connection are reported. */
  onError?: (err: Error) => void;
  maxBackoffMs?: number;
}

export async function createPgNotifyBus(options: PgNotifyBusOptions): Promise<SessionEventBus> {
  const listeners = new Set<SessionEventListener>();
  const resyncListeners = new Set<() => void>();
  const maxBackoff = options.maxBackoffMs ?? 10_000;
  const publisher = new pg.Pool({
    connectionString: options.url,
    max: 2,
    application_name: 'gatehouse-notify',
  });
  publisher.on('error', () => {});
  let listener: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let backoff = 250;

  const deliver = (payload: string | undefined) => {
    const ids = (payload ?? '').split(',').filter((id) => UUID.test(id));
    if (ids.length === 0) return;
    for (const l of [...listeners]) l(ids);
  };

  async function connect(isReconnect: boolean): Promise<void> {
    const client = new pg.Client({
      connectionString: options.url,
      application_name: 'gatehouse-listen',
    });
    client.on('notification', (msg) => {
      if (msg.channel === SESSION_EVENTS_CHANNEL) deliver(msg.payload);
    });
    const lost = (err?: Error) => {
      if (listener !== client) return;
      listener = undefined;
      client.removeAllListeners('notification');
      void client.end().catch(() => {});
      if (err) options.onError?.(err);
      if (!closed) schedule();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`listen ${SESSION_EVENTS_CHANNEL}`);
    listener = client;
    backoff = 250;
    if (isReconnect) for (const r of [...resyncListeners]) r();
  }

  function schedule(): void {
    if (retry || closed) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect(true).catch((err: Error) => {
        options.onError?.(err);
        backoff = Math.min(maxBackoff, backoff * 2);
        schedule();
      });
    }, backoff);
    retry.unref();
  }

  await connect(false);

  return {
    async publish(sessionIds) {
      for (let i = 0; i < sessionIds.length; i += IDS_PER_NOTICE) {
        await publisher.query('select pg_notify($1, $2)', [
          SESSION_EVENTS_CHANNEL,
          sessionIds.slice(i, i + IDS_PER_NOTICE).join(','),
        ]);
      }
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onResync(l) {
      resyncListeners.add(l);
      return () => resyncListeners.delete(l);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = listener;
      listener = undefined;
      listeners.clear();
      resyncListeners.clear();
      await c?.end().catch(() => {});
      await publisher.end().catch(() => {});
    },
  };
}
