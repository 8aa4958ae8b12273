// Server-sent events on a raw HTTP response: the headers, one event (id, type, JSON data),
// a comment. Data is one JSON line, so no event can break the framing.
import type { ServerResponse } from 'node:http';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
} as const;

export function sseEvent(event: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Writes unless the peer stopped reading (then the caller drops the stream). */
export function writeSse(res: ServerResponse, text: string, maxBuffered: number): boolean {
  if (res.destroyed || res.writableEnded) return false;
  if (res.writableLength > maxBuffered) {
    res.destroy();
    return false;
  }
  res.write(text);
  return true;
}
