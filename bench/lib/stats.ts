// Percentiles and a bounded load loop shared by the benches.
export function percentile(sortedAscending: number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const idx = Math.min(
    sortedAscending.length - 1,
    Math.ceil((p / 100) * sortedAscending.length) - 1,
  );
  return sortedAscending[Math.max(0, idx)] ?? Number.NaN;
}

export interface LoadResult {
  latenciesMs: number[];
  errors: number;
  wallMs: number;
}

/**
 * Runs `op` from `concurrency` workers until `maxOps` operations or `maxMs` have passed,
 * whichever comes first (every load loop here is bounded in count and time).
 */
export async function boundedLoad(
  op: (i: number) => Promise<void>,
  opts: { concurrency: number; maxOps: number; maxMs: number },
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const deadline = start + opts.maxMs;
  const worker = async () => {
    while (next < opts.maxOps && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        await op(i);
        latenciesMs.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  latenciesMs.sort((a, b) => a - b);
  return { latenciesMs, errors, wallMs: performance.now() - start };
}

/** Samples this process's RSS every `everyMs` until stopped; returns the peak in MiB. */
export function rssSampler(everyMs = 50): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  return {
    stop() {
      clearInterval(t);
      peak = Math.max(peak, process.memoryUsage.rss());
      return peak / 2 ** 20;
    },
  };
}
