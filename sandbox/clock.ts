// The sandbox's clock. Tests move it forward (POST /sandbox/clock) to expire tokens and codes
// without waiting; every lifetime in the emulator is measured against it.
export class SandboxClock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance needs a non-negative number');
    this.offsetMs += ms;
  }
}
