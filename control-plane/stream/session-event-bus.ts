// Tells every replica that sessions have new events in the session_events table. The message
// names sessions only; streams read the events themselves from the table (after the last
// sequence they sent), so a lost or doubled notice never loses or doubles an event. One process
// (PGlite) uses the in-process bus; replicas on PostgreSQL use LISTEN/NOTIFY (pg-notify-bus.ts).
export type SessionEventListener = (sessionIds: string[]) => void;

export interface SessionEventBus {
  /** Announces new events of these sessions (after their transaction committed). */
  publish(sessionIds: string[]): Promise<void>;
  subscribe(listener: SessionEventListener): () => void;
  /** Called when notices may have been missed (a dropped LISTEN connection came back). */
  onResync(listener: () => void): () => void;
  close(): Promise<void>;
}

export function createInProcessBus(): SessionEventBus {
  const listeners = new Set<SessionEventListener>();
  return {
    async publish(sessionIds) {
      if (sessionIds.length === 0) return;
      for (const l of [...listeners]) l(sessionIds);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onResync: () => () => {},
    async close() {
      listeners.clear();
    },
  };
}
