import { describe, expect, it } from 'vitest';
import { copyUserRecord, type UserRecord } from '../../../../control-plane/directory/change-set.ts';
import {
  userAccessHash,
  userContentHash,
} from '../../../../control-plane/directory/record-hash.ts';
import { userSchema } from '../../../../control-plane/feishu/schemas.ts';
import { mapParsedUser } from '../../../../control-plane/sync/map-user.ts';
import { UserPacker } from '../../../../control-plane/sync/packed-users.ts';
import { RecordCodec } from '../../../../control-plane/sync/record-codec.ts';
import { DEFAULT_FIELD_MAPPING } from '../../../../shared/domain/identity-source.ts';

const person = (i: number, over: Record<string, unknown> = {}): UserRecord =>
  mapParsedUser(
    userSchema.parse({
      open_id: `ou_${i}`,
      union_id: `on_${i}`,
      user_id: `u${i}`,
      name: `张${i}`,
      en_name: `Zhang ${i}`,
      email: `z${i}@example.com`,
      enterprise_email: `z${i}@example.com`,
      mobile: `+86138000${String(i).padStart(5, '0')}`,
      employee_no: `E${i}`,
      job_title: i % 2 ? 'Engineer' : '工程师',
      city: '北京',
      avatar: { avatar_240: `https://a/${i}/240` },
      status: { is_frozen: i === 3, is_resigned: false, is_activated: true },
      department_ids: ['od-a', 'od-b'],
      leader_user_id: 'ou_boss',
      custom_attrs: [{ id: 'C-1', type: 'TEXT', value: { text: 'CC-100' } }],
      ...over,
    }),
    DEFAULT_FIELD_MAPPING,
  );

/** What JSON keeps of a record: the packed form promises exactly that. */
const asJson = (r: UserRecord) => JSON.parse(JSON.stringify(r)) as unknown;

describe('packed user records', () => {
  it('read back field for field as the record they were packed from, with its hashes', () => {
    const packer = new UserPacker();
    const records = [1, 2, 3, 4].map((i) => person(i));
    const packed = records.map((r) => packer.pack(r));
    // Interleaved reads: the one-slot decode cache must never hand one user's fields to another.
    for (const [i, p] of packed.entries()) {
      const r = records[i]!;
      expect(p.openId).toBe(r.openId);
      expect(p.name).toBe(r.name);
      expect(packed[(i + 1) % 4]!.email).toBe(records[(i + 1) % 4]!.email);
      expect(p.memberships).toEqual(r.memberships);
      expect(p.status).toBe(r.status);
      expect(userContentHash(p)).toBe(userContentHash(r));
      expect(userAccessHash(p)).toBe(userAccessHash(r));
      expect(asJson(p)).toEqual(asJson(r));
      expect(asJson(copyUserRecord(p))).toEqual(asJson(r));
    }
    expect(packed[2]!.disabledReason).toBe('frozen');
  });

  it('takes a fraction of the bytes of the plain JSON', () => {
    const packer = new UserPacker();
    let json = 0;
    for (let i = 0; i < 200; i++) {
      const r = person(i);
      json += Buffer.byteLength(JSON.stringify(r));
      packer.pack(r);
    }
    expect(packer.bytes).toBeLessThan(json * 0.6);
  });

  it('spreads over several buffers when one is full, and keeps odd values as they were', () => {
    const packer = new UserPacker();
    const big = 'x'.repeat(3 << 20); // two of these do not fit one 4 MiB buffer
    const a = person(1, { description: big, job_title: big });
    const b = person(2, { job_title: big, name: '' });
    const pa = packer.pack(a);
    const pb = packer.pack(b);
    expect(asJson(pa)).toEqual(asJson(a));
    expect(asJson(pb)).toEqual(asJson(b));
  });
});

describe('the record codec', () => {
  const codec = () =>
    new RecordCodec({ fields: new Set(['city']), within: new Set(['custom']) }, 2);

  it('round-trips nested objects, arrays, repeated and shared strings and scalars', () => {
    const c = codec();
    const value = {
      a: 'x',
      b: 'x',
      n: 1.5,
      t: true,
      z: null,
      list: ['x', 'y', 'y', [1, 'x']],
      nested: { city: 'Beijing', again: 'Beijing', custom: { k1: 'v', k2: 'w', k3: 'u' } },
      skipped: undefined,
    };
    const text = c.encode(value, ['seed']);
    expect(c.decode(text, ['seed'])).toEqual(JSON.parse(JSON.stringify(value)));
    // The shared table is bounded (2 here): the third shared value is stored inline.
    expect(c.decode(c.encode({ city: 'Shanghai' }, []), [])).toEqual({ city: 'Shanghai' });
  });

  it('keeps a "__proto__" key from the data as a plain member, never as the prototype', () => {
    const c = codec();
    const value = JSON.parse(
      '{"custom":{"__proto__":"x"},"__proto__":{"polluted":true}}',
    ) as Record<string, unknown>;
    const back = c.decode(c.encode(value, []), []);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['custom', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
