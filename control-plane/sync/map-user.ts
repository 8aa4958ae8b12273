// A Feishu user (REST or event shape, parsed from unknown) -> the directory's UserRecord, by the
// source's field mapping: account fields and attributes, the Feishu fields a mapping may read
// (kept as the profile so a mapping change needs no re-fetch), the status (frozen or resigned
// -> disabled) and the memberships (from `orders`, else `department_ids`, else where the user
// was found). Used by the full sync and by the event processor.
import type { MembershipRecord, UserRecord } from '../directory/change-set.ts';
import { FeishuError } from '../feishu/feishu-error.ts';
import { userSchema, type FeishuUser } from '../feishu/schemas.ts';
import type { IdentitySourceRow } from '../storage/schema.ts';
import {
  CUSTOM_ATTR_PATTERN,
  FEISHU_USER_FIELDS,
  type FieldMapping,
} from '../../shared/domain/identity-source.ts';

export interface MapUserContext {
  /** Departments the directory holds for this source; memberships elsewhere are dropped. */
  knownDepartments?: ReadonlySet<string>;
  /** Departments the user was listed in (when Feishu does not say, e.g. without the scope). */
  foundIn?: readonly string[];
}

type Scalar = string | number | boolean;

/** The value of a mapping's source field ("email", "custom_attrs.C-123", ...). */
export function feishuFieldValue(u: FeishuUser, field: string): Scalar | null {
  if (CUSTOM_ATTR_PATTERN.test(field)) {
    const id = field.slice('custom_attrs.'.length);
    const attr = u.custom_attrs?.find((a) => a.id === id);
    const v = attr?.value;
    return v?.text ?? v?.option_value ?? v?.url ?? null;
  }
  if (field === 'avatar_url') return u.avatar?.avatar_240 ?? u.avatar?.avatar_72 ?? null;
  const v = (u as Record<string, unknown>)[field];
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
}

const text = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

function profileOf(u: FeishuUser): Record<string, unknown> {
  const profile: Record<string, unknown> = {};
  for (const field of FEISHU_USER_FIELDS) {
    const v = feishuFieldValue(u, field);
    if (v !== null && v !== '') profile[field] = v;
  }
  if (u.custom_attrs?.length) {
    const custom: Record<string, string> = {};
    for (const a of u.custom_attrs) {
      const v = a.value?.text ?? a.value?.option_value ?? a.value?.url;
      if (v !== undefined) custom[a.id] = v;
    }
    profile.custom_attrs = custom;
  }
  return profile;
}

function membershipsOf(u: FeishuUser, ctx: MapUserContext): MembershipRecord[] {
  let list: MembershipRecord[];
  if (u.orders?.length) {
    list = u.orders.map((o) => ({
      openDepartmentId: o.department_id,
      isPrimary: o.is_primary_dept ?? false,
      userOrder: o.user_order ?? 0,
      departmentOrder: o.department_order ?? 0,
    }));
  } else {
    const ids = u.department_ids?.length ? u.department_ids : (ctx.foundIn ?? []);
    list = ids.map((id, i) => ({
      openDepartmentId: id,
      isPrimary: i === 0,
      userOrder: 0,
      departmentOrder: i,
    }));
  }
  const known = ctx.knownDepartments;
  if (known) {
    const kept = list.filter((m) => known.has(m.openDepartmentId));
    list = kept.length
      ? kept
      : (ctx.foundIn ?? [])
          .filter((id) => known.has(id))
          .map((id, i) => ({
            openDepartmentId: id,
            isPrimary: i === 0,
            userOrder: 0,
            departmentOrder: i,
          }));
  }
  const seen = new Set<string>();
  return list.filter((m) => !seen.has(m.openDepartmentId) && seen.add(m.openDepartmentId));
}

export function mapParsedUser(
  u: FeishuUser,
  mapping: FieldMapping,
  ctx: MapUserContext = {},
): UserRecord {
  const attributes: Record<string, unknown> = {};
  for (const { from, to } of mapping.attributes) attributes[to] = feishuFieldValue(u, from);
  const status = u.status ?? {};
  const entries = Object.entries(status).filter(
    (e): e is [string, boolean] => typeof e[1] === 'boolean',
  );
  const feishuStatus = Object.fromEntries(entries);
  const resigned = Boolean(status.is_resigned || status.is_exited);
  const frozen = Boolean(status.is_frozen);
  return {
    openId: u.open_id,
    unionId: u.union_id,
    userId: u.user_id ?? null,
    username: text(attributes.username),
    name: u.name ?? text(attributes.display_name) ?? u.en_name ?? '',
    enName: u.en_name ?? null,
    email: text(attributes.email),
    mobile: text(attributes.mobile),
    employeeNo: text(attributes.employee_no),
    status: resigned || frozen ? 'disabled' : 'active',
    disabledReason: resigned ? 'resigned' : frozen ? 'frozen' : null,
    feishuStatus,
    profile: profileOf(u),
    attributes,
    leaderOpenId: u.leader_user_id || null,
    memberships: resigned ? [] : membershipsOf(u, ctx),
    sourceUpdatedAt: null,
  };
}

/** For callers holding a raw object (an event's user): parse it, then map it. */
export function mapFeishuUser(
  source: Pick<IdentitySourceRow, 'field_mapping'>,
  raw: Record<string, unknown>,
  ctx: MapUserContext = {},
): UserRecord {
  const parsed = userSchema.safeParse(raw);
  if (!parsed.success) {
    throw new FeishuError('FEISHU_BAD_RESPONSE', {
      endpoint: 'user object',
      reason: parsed.error.issues[0]?.path.join('.') ?? '',
    });
  }
  return mapParsedUser(parsed.data, source.field_mapping, ctx);
}
