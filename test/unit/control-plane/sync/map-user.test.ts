import { describe, expect, it } from 'vitest';
import { userSchema } from '../../../../control-plane/feishu/schemas.ts';
import { mapFeishuUser, mapParsedUser } from '../../../../control-plane/sync/map-user.ts';
import { DEFAULT_FIELD_MAPPING } from '../../../../shared/domain/identity-source.ts';

const raw = (over: Record<string, unknown> = {}) =>
  userSchema.parse({
    open_id: 'ou_1',
    union_id: 'on_1',
    user_id: 'zhang',
    name: '张三',
    en_name: 'San Zhang',
    email: 'zhang@example.com',
    mobile: '+8613800000000',
    employee_no: 'E1',
    job_title: 'Engineer',
    city: '北京',
    avatar: { avatar_72: 'https://a/72', avatar_240: 'https://a/240', avatar_640: 'https://a/640' },
    status: { is_frozen: false, is_resigned: false, is_activated: true },
    department_ids: ['od-a', 'od-b'],
    leader_user_id: 'ou_boss',
    custom_attrs: [{ id: 'C-1', type: 'TEXT', value: { text: 'CC-100' } }],
    ...over,
  });

describe('mapping a Feishu user', () => {
  it('fills account fields, attributes and the profile from the field mapping', () => {
    const u = mapParsedUser(raw(), DEFAULT_FIELD_MAPPING);
    expect(u).toMatchObject({
      openId: 'ou_1',
      unionId: 'on_1',
      userId: 'zhang',
      username: 'zhang',
      name: '张三',
      enName: 'San Zhang',
      email: 'zhang@example.com',
      mobile: '+8613800000000',
      employeeNo: 'E1',
      status: 'active',
      disabledReason: null,
      leaderOpenId: 'ou_boss',
    });
    expect(u.attributes).toEqual({
      username: 'zhang',
      display_name: '张三',
      email: 'zhang@example.com',
      mobile: '+8613800000000',
      employee_no: 'E1',
      job_title: 'Engineer',
    });
    expect(u.profile).toMatchObject({
      user_id: 'zhang',
      city: '北京',
      avatar_url: 'https://a/240',
      custom_attrs: { 'C-1': 'CC-100' },
    });
    expect(u.memberships.map((m) => [m.openDepartmentId, m.isPrimary])).toEqual([
      ['od-a', true],
      ['od-b', false],
    ]);
  });

  it('maps custom attributes and leaves unmapped or absent fields null', () => {
    const u = mapParsedUser(raw({ email: undefined }), {
      attributes: [
        { from: 'email', to: 'username' },
        { from: 'custom_attrs.C-1', to: 'attributes.cost_center' },
        { from: 'custom_attrs.C-404', to: 'attributes.missing' },
      ],
      matching: { account_field: 'username', feishu_field: 'email' },
    });
    expect(u.username).toBeNull();
    expect(u.attributes).toEqual({
      username: null,
      'attributes.cost_center': 'CC-100',
      'attributes.missing': null,
    });
  });

  it('disables frozen and resigned (or exited) people, resigned ones without memberships', () => {
    const frozen = mapParsedUser(raw({ status: { is_frozen: true } }), DEFAULT_FIELD_MAPPING);
    expect(frozen).toMatchObject({ status: 'disabled', disabledReason: 'frozen' });
    expect(frozen.memberships).toHaveLength(2);
    for (const status of [
      { is_resigned: true },
      { is_exited: true },
      { is_frozen: true, is_resigned: true },
    ]) {
      const gone = mapParsedUser(raw({ status }), DEFAULT_FIELD_MAPPING);
      expect(gone).toMatchObject({
        status: 'disabled',
        disabledReason: 'resigned',
        memberships: [],
      });
    }
  });

  it('takes memberships from orders when given, and keeps only synced departments', () => {
    const u = mapParsedUser(
      raw({
        orders: [
          { department_id: 'od-x', user_order: 5, department_order: 1, is_primary_dept: false },
          { department_id: 'od-b', user_order: 2, department_order: 0, is_primary_dept: true },
        ],
      }),
      DEFAULT_FIELD_MAPPING,
      { knownDepartments: new Set(['od-a', 'od-b']) },
    );
    expect(u.memberships).toEqual([
      { openDepartmentId: 'od-b', isPrimary: true, userOrder: 2, departmentOrder: 0 },
    ]);
  });

  it('falls back to where the user was listed when Feishu does not say (no department scope)', () => {
    const u = mapParsedUser(raw({ department_ids: undefined }), DEFAULT_FIELD_MAPPING, {
      foundIn: ['od-z'],
    });
    expect(u.memberships).toEqual([
      { openDepartmentId: 'od-z', isPrimary: true, userOrder: 0, departmentOrder: 0 },
    ]);
  });

  it('parses raw objects (events) and refuses a user without ids', () => {
    const source = { field_mapping: DEFAULT_FIELD_MAPPING };
    expect(mapFeishuUser(source, { open_id: 'ou_9', union_id: 'on_9', name: 'x' }).openId).toBe(
      'ou_9',
    );
    expect(() => mapFeishuUser(source, { name: 'no ids' })).toThrow(
      expect.objectContaining({ code: 'FEISHU_BAD_RESPONSE' }),
    );
  });
});
