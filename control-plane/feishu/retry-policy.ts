// How long to wait before trying again. Server errors and transport failures back off
// exponentially with "equal jitter" (half fixed, half random), so many clients that failed
// together do not come back together; a rate-limit answer waits what the platform says.

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, capMs: 8000 };

/** Delay before attempt `attempt + 1`, after `attempt` (1-based) failed. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Milliseconds to wait after a rate-limit answer: x-ogw-ratelimit-reset seconds when given
 * (a little more, so the next call lands in the new window), else one second.
 */
export function rateLimitDelay(resetHeader: string | null, maxMs: number): number {
  const seconds = Number(resetHeader);
  const ms = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 + 50 : 1000;
  return Math.min(ms, maxMs);
}
