// A small seeded random source for the org generator. Same seed and label -> same sequence, so
// a world is reproducible to the byte; Math.random and crypto are never used for generated data.
import { createHash } from 'node:crypto';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Integer in [min, max] inclusive. */
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by cumulative weights built with cumulative(). */
  pickWeighted<T>(items: readonly T[], cumulativeWeights: Float64Array): T;
  hex(length: number): string;
  alnum(length: number): string;
  /** An independent stream for a sub-task, so adding draws in one place does not shift another. */
  fork(label: string): Rng;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** sfc32: fast, 128-bit state, good enough statistics for test data. */
export function createRng(seed: number | string, label = ''): Rng {
  const digest = createHash('sha256').update(`${seed}\u0000${label}`).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const chars = (alphabet: string, length: number): string => {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[int(alphabet.length)];
    return out;
  };
  const rng: Rng = {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(items.length)] as T;
    },
    pickWeighted: <T>(items: readonly T[], cumulativeWeights: Float64Array): T => {
      const total = cumulativeWeights[cumulativeWeights.length - 1] ?? 0;
      const x = next() * total;
      let lo = 0;
      let hi = cumulativeWeights.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cumulativeWeights[mid] ?? 0) > x) hi = mid;
        else lo = mid + 1;
      }
      return items[lo] as T;
    },
    hex: (length) => chars(HEX, length),
    alnum: (length) => chars(ALNUM, length),
    fork: (sub) => createRng(seed, `${label}/${sub}`),
  };
  for (let i = 0; i < 12; i += 1) next(); // warm-up, as sfc32's authors recommend
  return rng;
}

export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}
