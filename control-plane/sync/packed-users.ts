// The users a full sync fetched, held compactly until the run is applied: each record in the
// compact JSON of record-codec.ts, as UTF-8 in a few large buffers outside the JS heap, behind a
// small handle that reads like any UserRecord. As plain objects and strings the 100k users of
// the large org took ~135 MB of JS heap, and V8 let the heap grow to about twice what was live
// before collecting it: the sync's peak RSS was ~500 MiB.
//
// The handle keeps what the differ reads for every user (open_id, union_id, status); the
// buffer holds the two hashes (computed once from the full record, when it is packed) and the
// rest of the record, decoded when read. The differ and the writer read one user's fields one
// after another, so the last decoded record is kept (one slot): each user is parsed about once
// per pass, and the garbage of that parse dies young.
import type { UserRecord } from '../directory/change-set.ts';
import { KNOWN_USER_HASHES, userHashes, type UserHashes } from '../directory/record-hash.ts';
import { RecordCodec } from './record-codec.ts';

/** Bytes per buffer: big enough that 100k users take a dozen or two, small enough to waste little. */
const SLAB_BYTES = 4 << 20;
/** sha1 digests: 20 bytes each, base64 text in the records' hashes. */
const DIGEST_BYTES = 20;

/** Values many people share: one copy per run. */
const SHARING = {
  fields: new Set([
    'leaderOpenId',
    'openDepartmentId',
    'city',
    'country',
    'job_title',
    'work_station',
  ]),
  within: new Set(['custom_attrs']),
};

/** What the handle keeps, so the buffer does not repeat it. */
type Kept = 'openId' | 'unionId' | 'status' | 'disabledReason';

let lastDecoded: { from: PackedUserRecord; record: UserRecord } | undefined;

class PackedUserRecord implements UserRecord {
  readonly openId: string;
  readonly unionId: string;
  readonly status: UserRecord['status'];
  readonly disabledReason: UserRecord['disabledReason'];
  readonly #codec: RecordCodec;
  readonly #slab: Buffer;
  readonly #start: number;
  readonly #end: number;

  constructor(record: UserRecord, codec: RecordCodec, slab: Buffer, start: number, end: number) {
    this.openId = record.openId;
    this.unionId = record.unionId;
    this.status = record.status;
    this.disabledReason = record.disabledReason;
    this.#codec = codec;
    this.#slab = slab;
    this.#start = start;
    this.#end = end;
  }

  /** The whole record, decoded (the last one decoded is reused: read it, never change it). */
  #full(): UserRecord {
    if (lastDecoded?.from !== this) {
      const rest = this.#codec.decode(
        this.#slab.toString('utf8', this.#start + 2 * DIGEST_BYTES, this.#end),
        [this.openId, this.unionId],
      ) as Omit<UserRecord, Kept>;
      const record: UserRecord = {
        openId: this.openId,
        unionId: this.unionId,
        status: this.status,
        disabledReason: this.disabledReason,
        ...rest,
      };
      lastDecoded = { from: this, record };
    }
    return lastDecoded.record;
  }

  get [KNOWN_USER_HASHES](): UserHashes {
    const at = this.#start;
    return {
      content: this.#slab.toString('base64', at, at + DIGEST_BYTES),
      access: this.#slab.toString('base64', at + DIGEST_BYTES, at + 2 * DIGEST_BYTES),
    };
  }
  get userId() {
    return this.#full().userId;
  }
  get username() {
    return this.#full().username;
  }
  get name() {
    return this.#full().name;
  }
  get enName() {
    return this.#full().enName;
  }
  get email() {
    return this.#full().email;
  }
  get mobile() {
    return this.#full().mobile;
  }
  get employeeNo() {
    return this.#full().employeeNo;
  }
  get feishuStatus() {
    return this.#full().feishuStatus;
  }
  get profile() {
    return this.#full().profile;
  }
  get attributes() {
    return this.#full().attributes;
  }
  get leaderOpenId() {
    return this.#full().leaderOpenId;
  }
  get memberships() {
    return this.#full().memberships;
  }
  get sourceUpdatedAt() {
    return this.#full().sourceUpdatedAt;
  }
  /** JSON (a held run's pending changes) sees the plain record. */
  toJSON(): UserRecord {
    return this.#full();
  }
}

/** Packs user records into shared buffers; a handle stays valid as long as it is held. */
export class UserPacker {
  readonly #codec = new RecordCodec(SHARING);
  #slab: Buffer = Buffer.alloc(0);
  #used = 0;
  #bytes = 0;

  pack(record: UserRecord): UserRecord {
    const hashes = userHashes(record);
    const { openId, unionId, status: _s, disabledReason: _d, ...rest } = record;
    const text = this.#codec.encode(rest, [openId, unionId]);
    const length = 2 * DIGEST_BYTES + Buffer.byteLength(text);
    if (this.#used + length > this.#slab.length) {
      // A fresh buffer; the tail of the last one stays unused (less than one record).
      this.#slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, length));
      this.#used = 0;
    }
    const start = this.#used;
    this.#slab.write(hashes.content, start, DIGEST_BYTES, 'base64');
    this.#slab.write(hashes.access, start + DIGEST_BYTES, DIGEST_BYTES, 'base64');
    this.#slab.write(text, start + 2 * DIGEST_BYTES, 'utf8');
    this.#used += length;
    this.#bytes += length;
    return new PackedUserRecord(record, this.#codec, this.#slab, start, start + length);
  }

  /** Bytes packed so far. */
  get bytes(): number {
    return this.#bytes;
  }
}
