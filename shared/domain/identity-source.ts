// Portable rules of an identity source (one Feishu or Lark self-built app of a tenant): the
// name rule, the fields a mapping may read and write, and the defaults the vendor guides use.
export const BRANDS = ['feishu', 'lark'] as const;
export type Brand = (typeof BRANDS)[number];

export const SOURCE_STATUSES = ['enabled', 'closed'] as const;
export type SourceStatus = (typeof SOURCE_STATUSES)[number];

export const CONNECTIVITY_STATUSES = ['untested', 'passed', 'failed'] as const;
export type ConnectivityStatus = (typeof CONNECTIVITY_STATUSES)[number];

/** 2-100 characters: CJK and other letters, digits, "-" and "_" (counted in code points). */
export const SOURCE_NAME_PATTERN = /^[\p{L}\p{Nd}_-]{2,100}$/u;
export const isValidSourceName = (name: string): boolean =>
  SOURCE_NAME_PATTERN.test(name.normalize('NFC'));

/** Feishu App IDs look like cli_9f5343c580712013; accept the family, not one length. */
export const APP_ID_PATTERN = /^cli_[A-Za-z0-9]{8,40}$/;

export type SyncSchedule =
  { kind: 'interval'; interval_hours: number } | { kind: 'cron'; expression: string };

/** The vendor guide's default: a full sync every day at 00:00 in the tenant's time zone. */
export const DEFAULT_SCHEDULE: SyncSchedule = { kind: 'cron', expression: '0 0 * * *' };

export type SyncScope = { kind: 'all' } | { kind: 'departments'; department_ids: string[] };

/** Feishu contact v3 user fields a mapping may read; custom attributes are "custom_attrs.<id>". */
export const FEISHU_USER_FIELDS = [
  'user_id',
  'open_id',
  'union_id',
  'name',
  'en_name',
  'nickname',
  'email',
  'enterprise_email',
  'mobile',
  'employee_no',
  'employee_type',
  'job_title',
  'city',
  'country',
  'work_station',
  'join_time',
  'gender',
  'avatar_url',
] as const;
export type FeishuUserField = (typeof FEISHU_USER_FIELDS)[number];
export const CUSTOM_ATTR_PATTERN = /^custom_attrs\.[A-Za-z0-9_-]{1,64}$/;

/** Account fields a mapping may write; free-form ones are "attributes.<key>". */
export const ACCOUNT_FIELDS = [
  'username',
  'display_name',
  'email',
  'mobile',
  'employee_no',
  'job_title',
] as const;
export type AccountField = (typeof ACCOUNT_FIELDS)[number];
export const ACCOUNT_ATTRIBUTE_PATTERN = /^attributes\.[a-z][a-z0-9_]{0,63}$/;

/** Account fields an existing account can be matched on (they identify one person). */
export const MATCHABLE_ACCOUNT_FIELDS = ['username', 'email', 'mobile', 'employee_no'] as const;
export type MatchableAccountField = (typeof MATCHABLE_ACCOUNT_FIELDS)[number];

export interface FieldMapping {
  attributes: { from: string; to: string }[];
  matching: { account_field: MatchableAccountField; feishu_field: FeishuUserField };
}

export const DEFAULT_FIELD_MAPPING: FieldMapping = {
  attributes: [
    { from: 'user_id', to: 'username' },
    { from: 'name', to: 'display_name' },
    { from: 'email', to: 'email' },
    { from: 'mobile', to: 'mobile' },
    { from: 'employee_no', to: 'employee_no' },
    { from: 'job_title', to: 'job_title' },
  ],
  matching: { account_field: 'username', feishu_field: 'user_id' },
};

export interface DeletionThreshold {
  value: number;
  unit: 'count' | 'percent';
}
export interface DeletionThresholds {
  users: DeletionThreshold;
  departments: DeletionThreshold;
}

/** The vendor guide's brake: more than 30 accounts or 10 departments removed stops a run. */
export const DEFAULT_DELETION_THRESHOLDS: DeletionThresholds = {
  users: { value: 30, unit: 'count' },
  departments: { value: 10, unit: 'count' },
};

/** Mapping problems as plain text (the API wraps them in SOURCE_FIELD_MAPPING_INVALID). */
export function fieldMappingProblems(mapping: FieldMapping): string[] {
  const problems: string[] = [];
  const isFeishuField = (f: string) =>
    (FEISHU_USER_FIELDS as readonly string[]).includes(f) || CUSTOM_ATTR_PATTERN.test(f);
  const isAccountField = (f: string) =>
    (ACCOUNT_FIELDS as readonly string[]).includes(f) || ACCOUNT_ATTRIBUTE_PATTERN.test(f);
  const targets = new Set<string>();
  for (const { from, to } of mapping.attributes) {
    if (!isFeishuField(from)) problems.push(`unknown Feishu field "${from}"`);
    if (!isAccountField(to)) problems.push(`unknown account field "${to}"`);
    if (targets.has(to)) problems.push(`account field "${to}" is mapped twice`);
    targets.add(to);
  }
  if (!targets.has('username')) problems.push('account field "username" must be mapped');
  const matched = mapping.attributes.find((a) => a.to === mapping.matching.account_field);
  if (matched && matched.from !== mapping.matching.feishu_field) {
    problems.push(
      `matching rule compares "${mapping.matching.account_field}" with "${mapping.matching.feishu_field}" but the mapping fills it from "${matched.from}"`,
    );
  }
  return problems;
}
