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

interface ShapeNode {
  /** The shape id of the key list that ends here, or -1. */
  id: number;
  next: Map<string, ShapeNode>;
}

export class RecordCodec {
  readonly #shapes: string[][] = [];
  /** Key lists as a trie: finding a record's shape walks it and allocates nothing. */
  readonly #shapeRoot: ShapeNode = { id: -1, next: new Map() };
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
    // A record has a few dozen distinct strings: a list searched linearly beats a Map per record.
    const local: string[] = [];
    for (const s of seed) if (!local.includes(s)) local.push(s);
    return this.#encodeValue(value, local, false);
  }

  decode(text: string, seed: readonly string[]): Record<string, unknown> {
    const local = [...seed];
    return this.#decodeValue(JSON.parse(text), local) as Record<string, unknown>;
  }

  // The text is written directly (no intermediate arrays): this runs for every person fetched.
  #encodeValue(v: unknown, local: string[], shared: boolean): string {
    if (typeof v === 'string') return this.#encodeString(v, local, shared);
    if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
    if (Array.isArray(v)) {
      let out = `[${ARRAY}`;
      for (const item of v) out += `,${this.#encodeValue(item ?? null, local, false)}`;
      return `${out}]`;
    }
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    let node = this.#shapeRoot;
    for (const key of keys) {
      if (obj[key] === undefined) continue;
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = { id: -1, next: new Map() }));
      node = child;
    }
    if (node.id < 0) {
      node.id = this.#shapes.length;
      this.#shapes.push(keys.filter((k) => obj[k] !== undefined));
    }
    let out = `[${node.id}`;
    for (const key of keys) {
      const item = obj[key];
      if (item === undefined) continue;
      const encoded =
        this.#rule.within.has(key) && item !== null && typeof item === 'object'
          ? this.#encodeValue(item, local, true)
          : this.#encodeValue(item, local, shared || this.#rule.fields.has(key));
      out += `,${encoded}`;
    }
    return `${out}]`;
  }

  #encodeString(s: string, local: string[], shared: boolean): string {
    const seen = local.indexOf(s);
    if (seen >= 0) return `[${LOCAL},${seen}]`;
    if (shared) {
      let id = this.#sharedIds.get(s);
      if (id === undefined && this.#shared.length < this.#sharedLimit) {
        id = this.#shared.length;
        this.#shared.push(s);
        this.#sharedIds.set(s, id);
      }
      if (id !== undefined) return `[${SHARED},${id}]`;
    }
    local.push(s);
    return JSON.stringify(s);
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
