import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FIELD_MAPPING,
  fieldMappingProblems,
  isValidSourceName,
} from '../../../shared/domain/identity-source.ts';
import { isValidTimeZone } from '../../../shared/domain/time-zone.ts';
import {
  normalizeVerificationId,
  VERIFICATION_ID_ALPHABET,
  verificationIdFromBytes,
} from '../../../shared/domain/verification-id.ts';
import { newVerificationId } from '../../../control-plane/security/tokens.ts';

describe('enterprise verification ID', () => {
  it('uses 12 characters of a 32-letter alphabet without i, l, o, u', () => {
    expect(VERIFICATION_ID_ALPHABET).toHaveLength(32);
    expect(new Set(VERIFICATION_ID_ALPHABET).size).toBe(32);
    expect(VERIFICATION_ID_ALPHABET).not.toMatch(/[ilou]/);
    for (let i = 0; i < 200; i++) expect(newVerificationId()).toMatch(/^[0-9a-hjkmnp-tv-z]{12}$/);
  });

  it('spreads characters evenly (each byte maps to one letter, no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      const c = verificationIdFromBytes(new Uint8Array(12).fill(b))[0]!;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect([...counts.values()].every((n) => n === 8)).toBe(true);
  });

  it('normalizes what people type, and its canonical form is a fixed point', () => {
    expect(normalizeVerificationId(' ABCD-EFGH 0123 ')).toBe('abcdefgh0123');
    expect(normalizeVerificationId('OIL0abcdefgh')).toBe('0110abcdefgh');
    expect(normalizeVerificationId('abcdefgh012')).toBeUndefined();
    expect(normalizeVerificationId('abcdefgh012u')).toBeUndefined();
    expect(normalizeVerificationId('x'.repeat(100))).toBeUndefined();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), (bytes) => {
        const id = verificationIdFromBytes(bytes);
        expect(normalizeVerificationId(id)).toBe(id);
        expect(normalizeVerificationId(id.toUpperCase().replace(/(.{4})/g, '$1-'))).toBe(id);
      }),
    );
  });
});

describe('identity source rules', () => {
  it.each([
    ['飞书', true],
    ['飞书-总部_2024', true],
    ['Lark_HQ', true],
    ['한국어', true],
    ['x', false],
    ['has space', false],
    ['dot.name', false],
    ['a'.repeat(100), true],
    ['a'.repeat(101), false],
    ['字'.repeat(100), true],
  ])('name %s -> %s', (name, ok) => {
    expect(isValidSourceName(name)).toBe(ok);
  });

  it('accepts the default mapping and explains broken ones', () => {
    expect(fieldMappingProblems(DEFAULT_FIELD_MAPPING)).toEqual([]);
    const problems = fieldMappingProblems({
      attributes: [
        { from: 'name', to: 'display_name' },
        { from: 'nickname', to: 'display_name' },
        { from: 'password', to: 'attributes.Bad' },
      ],
      matching: { account_field: 'email', feishu_field: 'email' },
    });
    expect(problems).toEqual([
      'account field "display_name" is mapped twice',
      'unknown Feishu field "password"',
      'unknown account field "attributes.Bad"',
      'account field "username" must be mapped',
    ]);
    expect(
      fieldMappingProblems({
        attributes: [
          { from: 'email', to: 'username' },
          { from: 'custom_attrs.C-123', to: 'attributes.cost_center' },
        ],
        matching: { account_field: 'username', feishu_field: 'user_id' },
      }),
    ).toEqual([
      'matching rule compares "username" with "user_id" but the mapping fills it from "email"',
    ]);
  });

  it('validates IANA time zones', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
