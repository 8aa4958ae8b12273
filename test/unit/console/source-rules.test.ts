// The identity source form's rules agree with the server: single fields through the API's own
// schema, the field mapping rules of shared/domain, the schedule rules of the control plane
// (same next runs, same refusals), and the batch-import JSON of the permission table.
import { describe, expect, it } from 'vitest';
import { nextRunAt, scheduleProblem } from '../../../control-plane/identity-sources/schedule.ts';
import { batchImportJson } from '../../../control-plane/console/pages/sources/permission-table.ts';
import { PERMISSIONS } from '../../../shared/domain/feishu-permissions.ts';
import {
  checkSchedule,
  mappingProblems,
  validField,
  validThreshold,
} from '../../../control-plane/console/pages/sources/source-rules.ts';
import {
  DEFAULT_FIELD_MAPPING,
  fieldMappingProblems,
  type FieldMapping,
  type SyncSchedule,
} from '../../../shared/domain/identity-source.ts';

describe('single fields', () => {
  it.each([
    ['name', '飞书-acme', true],
    ['name', 'x', false],
    ['name', 'has space', false],
    ['name', 'a'.repeat(101), false],
    ['app_id', 'cli_9f5343c580712013', true],
    ['app_id', 'cli_short', false],
    ['app_id', 'app_9f5343c580712013', false],
    ['app_secret', 'Xk3-9_secret', true],
    ['app_secret', 'with space', false],
    ['app_secret', '', false],
    ['encrypt_key', 'é-not-ascii', false],
    ['description', '使用飞书登录', true],
    ['description', 'bell\u0007', false],
  ] as const)('%s %j -> %s', (field, value, ok) => {
    expect(validField(field, value)).toBe(ok);
  });

  it('thresholds: whole numbers; percentages up to 100', () => {
    expect(validThreshold(30, 'count')).toBe(true);
    expect(validThreshold(500, 'count')).toBe(true);
    expect(validThreshold(101, 'percent')).toBe(false);
    expect(validThreshold(2.5, 'count')).toBe(false);
    expect(validThreshold(-1, 'count')).toBe(false);
    expect(validThreshold(null, 'count')).toBe(false);
  });
});

describe('field mapping', () => {
  const cases: [string, FieldMapping][] = [
    ['the default', DEFAULT_FIELD_MAPPING],
    [
      'extended fields',
      {
        ...DEFAULT_FIELD_MAPPING,
        attributes: [
          ...DEFAULT_FIELD_MAPPING.attributes,
          { from: 'custom_attrs.C-123', to: 'attributes.cost_center' },
        ],
      },
    ],
    [
      'no username',
      { ...DEFAULT_FIELD_MAPPING, attributes: [{ from: 'name', to: 'display_name' }] },
    ],
    [
      'a target twice, unknown fields',
      {
        ...DEFAULT_FIELD_MAPPING,
        attributes: [
          { from: 'user_id', to: 'username' },
          { from: 'email', to: 'username' },
          { from: 'shoe_size', to: 'Attributes.X' },
        ],
      },
    ],
    [
      'matching filled from another field',
      {
        attributes: [{ from: 'email', to: 'username' }],
        matching: { account_field: 'username', feishu_field: 'user_id' },
      },
    ],
  ];
  it.each(cases)('%s: the same verdict as shared/domain', (_name, mapping) => {
    expect(mappingProblems(mapping).length).toBe(fieldMappingProblems(mapping).length);
  });

  it('names the row and the problem', () => {
    const problems = mappingProblems(cases[3]![1]);
    expect(problems).toContainEqual({ kind: 'mappedTwice', row: 1, field: 'username' });
    expect(problems).toContainEqual({ kind: 'badFrom', row: 2 });
    expect(problems).toContainEqual({ kind: 'badTo', row: 2 });
  });
});

describe('schedule preview', () => {
  const from = new Date('2026-11-22T03:30:00Z');
  const schedules: SyncSchedule[] = [
    { kind: 'cron', expression: '0 0 * * *' },
    { kind: 'cron', expression: '30 2 * * 1-5' },
    { kind: 'cron', expression: '0 */6 * * *' },
    { kind: 'cron', expression: '*/30 * * * *' },
    { kind: 'cron', expression: '0 0 * *' },
    { kind: 'cron', expression: '61 0 * * *' },
    { kind: 'interval', interval_hours: 6 },
  ];
  it.each(schedules)('%j: refused exactly when the server refuses it', (schedule) => {
    const check = checkSchedule(schedule, 'Asia/Shanghai', from);
    expect(check.ok).toBe(scheduleProblem(schedule, 'Asia/Shanghai', from) === undefined);
  });

  it('the first run is the one the scheduler picks, in the tenant time zone', () => {
    for (const schedule of schedules.filter(
      (s) => scheduleProblem(s, 'Asia/Shanghai', from) === undefined,
    )) {
      const check = checkSchedule(schedule, 'Asia/Shanghai', from);
      if (!check.ok) throw new Error('expected a preview');
      expect(check.next).toHaveLength(5);
      expect(check.next[0]!.toISOString()).toBe(
        nextRunAt(schedule, 'Asia/Shanghai', from)!.toISOString(),
      );
    }
    const midnight = checkSchedule(
      { kind: 'cron', expression: '0 0 * * *' },
      'Asia/Shanghai',
      from,
    );
    expect(midnight.ok && midnight.next[0]!.toISOString()).toBe('2026-11-22T16:00:00.000Z');
  });

  it('gives the reason of a refusal', () => {
    expect(checkSchedule({ kind: 'cron', expression: '*/5 * * * *' }, 'UTC', from)).toEqual({
      ok: false,
      reason: 'cronTooOften',
    });
    expect(checkSchedule({ kind: 'cron', expression: '0 0 * *' }, 'UTC', from)).toEqual({
      ok: false,
      reason: 'cronFields',
    });
    expect(checkSchedule({ kind: 'cron', expression: '0 25 * * *' }, 'UTC', from)).toEqual({
      ok: false,
      reason: 'cronParse',
    });
  });
});

describe('permission table', () => {
  it('gives the batch-import JSON of the Lark guide: tenant and user token scopes', () => {
    const json = JSON.parse(batchImportJson()) as { scopes: { tenant: string[]; user: string[] } };
    expect(json.scopes.tenant).toEqual(PERMISSIONS.map((p) => p.scope));
    expect(json.scopes.user).toContain('contact:user.base:readonly');
    expect(json.scopes.user).not.toContain('admin:app.info:readonly');
  });
});
