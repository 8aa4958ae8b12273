// The identity source form's rules, mirroring the server: single fields are checked with the
// API's own zod schema (createSourceBody), the cross-field rules (field mapping, cron at most
// hourly) are re-stated here so the admin sees them before saving. The server decides anyway.
import { Cron } from 'croner';
import { createSourceBody } from '../../../api/schemas/identity-sources.ts';
import {
  ACCOUNT_ATTRIBUTE_PATTERN,
  ACCOUNT_FIELDS,
  CUSTOM_ATTR_PATTERN,
  FEISHU_USER_FIELDS,
  type FieldMapping,
  type SyncSchedule,
} from '../../../../shared/domain/identity-source.ts';

const fields = createSourceBody.shape;

/** True when the server's schema would accept this value for the field. */
export const validField = (
  field: 'name' | 'description' | 'app_id' | 'app_secret' | 'encrypt_key' | 'verification_token',
  value: unknown,
): boolean => fields[field].safeParse(value).success;

export const validThreshold = (value: unknown, unit: 'count' | 'percent'): boolean =>
  fields.deletion_thresholds.safeParse({
    users: { value, unit },
    departments: { value: 0, unit: 'count' },
  }).success;

export const isFeishuField = (f: string): boolean =>
  (FEISHU_USER_FIELDS as readonly string[]).includes(f) || CUSTOM_ATTR_PATTERN.test(f);
export const isAccountField = (f: string): boolean =>
  (ACCOUNT_FIELDS as readonly string[]).includes(f) || ACCOUNT_ATTRIBUTE_PATTERN.test(f);

export type MappingProblem =
  | { kind: 'badFrom'; row: number }
  | { kind: 'badTo'; row: number }
  | { kind: 'mappedTwice'; row: number; field: string }
  | { kind: 'usernameRequired' }
  | { kind: 'matchingInconsistent'; account: string; feishu: string; mapped: string };

/** The same rules as shared/domain/identity-source.ts fieldMappingProblems, per row. */
export function mappingProblems(mapping: FieldMapping): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const seen = new Set<string>();
  mapping.attributes.forEach(({ from, to }, row) => {
    if (!isFeishuField(from)) problems.push({ kind: 'badFrom', row });
    if (!isAccountField(to)) problems.push({ kind: 'badTo', row });
    if (seen.has(to)) problems.push({ kind: 'mappedTwice', row, field: to });
    seen.add(to);
  });
  if (!seen.has('username')) problems.push({ kind: 'usernameRequired' });
  const { account_field, feishu_field } = mapping.matching;
  const filled = mapping.attributes.find((a) => a.to === account_field);
  if (filled && filled.from !== feishu_field)
    problems.push({
      kind: 'matchingInconsistent',
      account: account_field,
      feishu: feishu_field,
      mapped: filled.from,
    });
  return problems;
}

export type ScheduleCheck =
  | { ok: true; next: Date[] }
  | { ok: false; reason: 'cronFields' | 'cronParse' | 'cronNever' | 'cronTooOften' };

const HOUR_MS = 3_600_000;

/**
 * The next runs of a schedule in the tenant's time zone, or why the server will refuse it
 * (control-plane/identity-sources/schedule.ts: five fields, parseable, at most once an hour).
 */
export function checkSchedule(
  schedule: SyncSchedule,
  timeZone: string,
  from: Date,
  count = 5,
): ScheduleCheck {
  if (schedule.kind === 'interval') {
    const next = Array.from(
      { length: count },
      (_, i) => new Date(from.getTime() + (i + 1) * schedule.interval_hours * HOUR_MS),
    );
    return { ok: true, next };
  }
  const expression = schedule.expression.trim();
  if (expression.split(/\s+/).length !== 5) return { ok: false, reason: 'cronFields' };
  let runs: Date[];
  try {
    runs = new Cron(expression, { timezone: timeZone, paused: true, mode: '5-part' }).nextRuns(
      48,
      from,
    );
  } catch {
    return { ok: false, reason: 'cronParse' };
  }
  if (runs.length === 0) return { ok: false, reason: 'cronNever' };
  for (let i = 1; i < runs.length; i++)
    if (runs[i]!.getTime() - runs[i - 1]!.getTime() < HOUR_MS)
      return { ok: false, reason: 'cronTooOften' };
  return { ok: true, next: runs.slice(0, count) };
}
