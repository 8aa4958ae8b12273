import { describe, expect, it } from 'vitest';
import {
  attributeValues,
  compileAttributeRule,
  compileAttributeRules,
  type AttributeRuleInput,
} from '../../../shared/domain/policy/attributes.ts';
import { attributeRuleSchema } from '../../../shared/domain/policy/schemas.ts';

const holds = (rule: AttributeRuleInput, attributes: Record<string, unknown> | undefined) =>
  compileAttributeRule(rule)(attributes);

describe('attribute values', () => {
  it('reads strings, numbers, booleans and arrays; drops empty, null, objects and inherited keys', () => {
    expect(attributeValues({ a: 'x' }, 'a')).toEqual(['x']);
    expect(attributeValues({ a: 3 }, 'a')).toEqual(['3']);
    expect(attributeValues({ a: true }, 'a')).toEqual(['true']);
    expect(attributeValues({ a: ['x', 2, '', null, { o: 1 }] }, 'a')).toEqual(['x', '2']);
    expect(attributeValues({ a: '' }, 'a')).toEqual([]);
    expect(attributeValues({ a: null }, 'a')).toEqual([]);
    expect(attributeValues({ a: Number.NaN }, 'a')).toEqual([]);
    expect(attributeValues({ a: { nested: 1 } }, 'a')).toEqual([]);
    expect(attributeValues({}, 'toString')).toEqual([]);
    expect(attributeValues(undefined, 'a')).toEqual([]);
  });
});

describe('operators', () => {
  const user = { job_title: 'Senior SRE', city: 'Beijing', employee_type: 1, groups: ['a', 'b'] };

  it('eq / neq', () => {
    expect(holds({ key: 'city', op: 'eq', value: 'Beijing' }, user)).toBe(true);
    expect(holds({ key: 'city', op: 'eq', value: 'beijing' }, user)).toBe(false);
    expect(holds({ key: 'employee_type', op: 'eq', value: '1' }, user)).toBe(true);
    expect(holds({ key: 'groups', op: 'eq', value: 'b' }, user)).toBe(true);
    expect(holds({ key: 'city', op: 'neq', value: 'Beijing' }, user)).toBe(false);
    expect(holds({ key: 'city', op: 'neq', value: 'London' }, user)).toBe(true);
    // neq is "not eq": any matching element of a list makes it false; no value makes it true.
    expect(holds({ key: 'groups', op: 'neq', value: 'a' }, user)).toBe(false);
    expect(holds({ key: 'missing', op: 'neq', value: 'x' }, user)).toBe(true);
  });

  it('in / not_in', () => {
    expect(holds({ key: 'city', op: 'in', values: ['Shanghai', 'Beijing'] }, user)).toBe(true);
    expect(holds({ key: 'city', op: 'in', values: ['Shanghai'] }, user)).toBe(false);
    expect(holds({ key: 'groups', op: 'in', values: ['c', 'b'] }, user)).toBe(true);
    expect(holds({ key: 'employee_type', op: 'in', values: ['1', '2'] }, user)).toBe(true);
    expect(holds({ key: 'city', op: 'not_in', values: ['Shanghai'] }, user)).toBe(true);
    expect(holds({ key: 'city', op: 'not_in', values: ['Beijing'] }, user)).toBe(false);
    expect(holds({ key: 'missing', op: 'not_in', values: ['x'] }, user)).toBe(true);
    expect(holds({ key: 'missing', op: 'in', values: ['x'] }, user)).toBe(false);
  });

  it('prefix / suffix / contains', () => {
    expect(holds({ key: 'job_title', op: 'prefix', value: 'Senior' }, user)).toBe(true);
    expect(holds({ key: 'job_title', op: 'prefix', value: 'SRE' }, user)).toBe(false);
    expect(holds({ key: 'job_title', op: 'suffix', value: 'SRE' }, user)).toBe(true);
    expect(holds({ key: 'job_title', op: 'suffix', value: 'Senior' }, user)).toBe(false);
    expect(holds({ key: 'job_title', op: 'contains', value: 'or S' }, user)).toBe(true);
    expect(holds({ key: 'job_title', op: 'contains', value: 'Junior' }, user)).toBe(false);
    expect(holds({ key: 'missing', op: 'contains', value: '' }, user)).toBe(false);
  });

  it('exists / not_exists', () => {
    expect(holds({ key: 'city', op: 'exists' }, user)).toBe(true);
    expect(holds({ key: 'missing', op: 'exists' }, user)).toBe(false);
    expect(holds({ key: 'city', op: 'exists' }, { city: '' })).toBe(false);
    expect(holds({ key: 'city', op: 'exists' }, { city: [] })).toBe(false);
    expect(holds({ key: 'missing', op: 'not_exists' }, user)).toBe(true);
    expect(holds({ key: 'city', op: 'not_exists' }, user)).toBe(false);
    expect(holds({ key: 'city', op: 'not_exists' }, undefined)).toBe(true);
  });

  it('ignore_case folds both sides, for every value operator', () => {
    const u = { city: 'BeiJing' };
    expect(holds({ key: 'city', op: 'eq', value: 'beijing', ignore_case: true }, u)).toBe(true);
    expect(holds({ key: 'city', op: 'neq', value: 'BEIJING', ignore_case: true }, u)).toBe(false);
    expect(holds({ key: 'city', op: 'in', values: ['BEIJING'], ignore_case: true }, u)).toBe(true);
    expect(holds({ key: 'city', op: 'prefix', value: 'bei', ignore_case: true }, u)).toBe(true);
    expect(holds({ key: 'city', op: 'suffix', value: 'JING', ignore_case: true }, u)).toBe(true);
    expect(holds({ key: 'city', op: 'contains', value: 'IJ', ignore_case: true }, u)).toBe(true);
    expect(holds({ key: 'city', op: 'contains', value: 'IJ' }, u)).toBe(false);
  });

  it('combines rules with and; no rules compile to nothing to check', () => {
    expect(compileAttributeRules([])).toBeUndefined();
    const both = compileAttributeRules([
      { key: 'city', op: 'eq', value: 'Beijing' },
      { key: 'employee_type', op: 'in', values: ['1'] },
    ])!;
    expect(both(user)).toBe(true);
    expect(both({ ...user, employee_type: 2 })).toBe(false);
  });
});

describe('rule schema', () => {
  it('needs the fields its operator uses and a sane key', () => {
    expect(attributeRuleSchema.safeParse({ key: 'city', op: 'eq', value: 'x' }).success).toBe(true);
    expect(attributeRuleSchema.parse({ key: 'city', op: 'eq', value: 'x' })).toEqual({
      key: 'city',
      op: 'eq',
      value: 'x',
      ignore_case: false,
    });
    expect(attributeRuleSchema.safeParse({ key: 'city', op: 'eq' }).success).toBe(false);
    expect(attributeRuleSchema.safeParse({ key: 'city', op: 'in', values: [] }).success).toBe(
      false,
    );
    expect(attributeRuleSchema.safeParse({ key: 'city', op: 'regex', value: '.*' }).success).toBe(
      false,
    );
    expect(attributeRuleSchema.safeParse({ key: '1city', op: 'exists' }).success).toBe(false);
    expect(attributeRuleSchema.safeParse({ key: 'custom.cost_center', op: 'exists' }).success).toBe(
      true,
    );
  });
});
