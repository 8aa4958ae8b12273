// A compact JSON form for the many similar records of one sync run (packed-users.ts). Plain JSON
// of a user record is ~1.4 KB, mostly repetition: the same keys in every record, the same value
// in several fields of one record (user_id = username = profile.user_id; the email three
// times), and values many people share (department ids, leaders, cities, titles). Here:
// - an object is [shape, ...values], its keys stored once per run in a shape table;
// - an array is [-1, ...items];
// - a string met earlier in the same record is [-2, i] (the i-th distinct string, counting the
//   seed strings the caller passes, e.g. the open_id the handle keeps anyway);
// - a string of a field many people share is [-3, i] (a table per run, bounded);
// - other scalars are themselves. The decoder walks the same order and rebuilds the object.
// Undefined object members are left out, as JSON.stringify does.

const ARRAY = -1;
const LOCAL = -2;
const SHARED = -3;

/** Field names whose string values many records share (and objects whose every value is). */
export interface SharingRule {
  fields: ReadonlySet<string>;
  /** Objects (by field name) whose string values are all shared, e.g. custom attributes. */
  within: ReadonlySet<string>;
}

export class RecordCodec {
  readonly #shapes: string[][] = [];
  readonly #shapeIds = new Map<string, number>();
  readonly #shared: string[] = [];
  readonly #sharedIds = new Map<string, number>();
  readonly #rule: SharingRule;
  readonly #sharedLimit: number;

  constructor(rule: SharingRule, sharedLimit = 100_000) {
    this.#rule = rule;
    this.#sharedLimit = sharedLimit;
  }

  /** The compact JSON text of an object (seed: strings both sides already know, in order). */
  encode(value: Record<string, unknown>, seed: readonly string[]): string {
    const local = new Map<string, number>();
    for (const s of seed) if (!local.has(s)) local.set(s, local.size);
    return JSON.stringify(this.#encodeValue(value, local, false));
  }

  decode(text: string, seed: readonly string[]): Record<string, unknown> {
    const local = [...seed];
    return this.#decodeValue(JSON.parse(text), local) as Record<string, unknown>;
  }

  #encodeValue(v: unknown, local: Map<string, number>, shared: boolean): unknown {
    if (typeof v === 'string') return this.#encodeString(v, local, shared);
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      const out: unknown[] = [ARRAY];
      for (const item of v)
        out.push(item === undefined ? null : this.#encodeValue(item, local, false));
      return out;
    }
    const keys: string[] = [];
    const values: unknown[] = [];
    for (const [k, item] of Object.entries(v)) {
      if (item === undefined) continue;
      keys.push(k);
      values.push(item);
    }
    const out: unknown[] = [this.#shapeOf(keys)];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const share = shared || this.#rule.fields.has(key);
      const item = values[i];
      out.push(
        this.#rule.within.has(key) && item !== null && typeof item === 'object'
          ? this.#encodeValue(item, local, true)
          : this.#encodeValue(item, local, share && typeof item === 'string'),
      );
    }
    return out;
  }

  #encodeString(s: string, local: Map<string, number>, shared: boolean): unknown {
    const seen = local.get(s);
    if (seen !== undefined) return [LOCAL, seen];
    if (shared) {
      let id = this.#sharedIds.get(s);
      if (id === undefined && this.#shared.length < this.#sharedLimit) {
        id = this.#shared.length;
        this.#shared.push(s);
        this.#sharedIds.set(s, id);
      }
      if (id !== undefined) return [SHARED, id];
    }
    local.set(s, local.size);
    return s;
  }

  #shapeOf(keys: string[]): number {
    const signature = keys.join('\u0000');
    let id = this.#shapeIds.get(signature);
    if (id === undefined) {
      id = this.#shapes.length;
      this.#shapes.push(keys);
      this.#shapeIds.set(signature, id);
    }
    return id;
  }

  #decodeValue(v: unknown, local: string[]): unknown {
    if (typeof v === 'string') {
      local.push(v);
      return v;
    }
    if (!Array.isArray(v)) return v;
    const tag = v[0] as number;
    if (tag === LOCAL) return local[v[1] as number];
    if (tag === SHARED) return this.#shared[v[1] as number];
    if (tag === ARRAY) {
      const out: unknown[] = [];
      for (let i = 1; i < v.length; i++) out.push(this.#decodeValue(v[i], local));
      return out;
    }
    const keys = this.#shapes[tag]!;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const item = this.#decodeValue(v[i + 1], local);
      // A key from the data ("__proto__" as a custom attribute id) stays a plain member.
      if (key === '__proto__')
        Object.defineProperty(out, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[key] = item;
    }
    return out;
  }
}
