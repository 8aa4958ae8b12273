// The control plane's clock. Everything that expires (sessions, lockouts, rate windows, leases)
// reads it, so tests move time forward instead of waiting.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
