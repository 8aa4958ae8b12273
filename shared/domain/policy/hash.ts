// Stable, portable version hashes: FNV-1a 64 over the UTF-16 code units of a canonical JSON text
// (object keys sorted). Versions only tell a client that something changed; they protect nothing,
// so a fast non-cryptographic hash is the right tool (and node:crypto is not portable).

const PRIME_LOW = 0x1b3; // the 64-bit FNV prime is 2^40 + 0x1b3

export class Fnv64 {
  private hi = 0xcbf29ce4;
  private lo = 0x84222325;

  /** Mixes one 16-bit unit: xor, then (hi:lo) * (2^40 + 0x1b3) mod 2^64 in 32-bit halves. */
  private mix(unit: number): void {
    const lo = (this.lo ^ unit) >>> 0;
    const low = lo * PRIME_LOW;
    this.hi = (Math.imul(this.hi, PRIME_LOW) + (lo << 8) + Math.floor(low / 0x1_0000_0000)) >>> 0;
    this.lo = low >>> 0;
  }

  update(text: string): this {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < text.length; i++) {
      lo = (lo ^ text.charCodeAt(i)) >>> 0;
      const low = lo * PRIME_LOW;
      hi = (Math.imul(hi, PRIME_LOW) + (lo << 8) + Math.floor(low / 0x1_0000_0000)) >>> 0;
      lo = low >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  /** A non-negative integer below 2^32, as two 16-bit units (cheaper than its decimal text). */
  int(n: number): this {
    this.mix(n >>> 16);
    this.mix(n & 0xffff);
    return this;
  }

  /** Separates fields, so ("ab","c") and ("a","bc") hash apart. */
  field(text: string): this {
    return this.update(text).update('\u0000');
  }

  /** The two 32-bit halves, for callers that combine hashes themselves. */
  get high(): number {
    return this.hi;
  }
  get low(): number {
    return this.lo;
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

export const fnv64 = (text: string): string => new Fnv64().update(text).hex();

/** JSON with object keys in code-unit order; undefined members are left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
