// The connectivity test of an identity source (issue 3 section 4): can we get a tenant token with
// its App ID/Secret on its brand's host (and if not, would the other brand's host take them: a
// brand mismatch), which permissions the tenant granted against the guides' table, whether the
// app's contact range covers what the source is set to sync, and whether the field mapping reads
// fields the app may not see. Each finding says what to fix and where, in both languages.
import type { ErrorCode, LocalizedText } from '../../shared/domain/errors/index.ts';
import { errorBody } from '../../shared/domain/errors/index.ts';
import type { Brand, FieldMapping, SyncScope } from '../../shared/domain/identity-source.ts';
import { appInfo, grantedTenantScopes } from './application-api.ts';
import { contactRange, departmentChildren, getDepartment } from './contact-api.ts';
import { FeishuClient, type FeishuClientOptions } from './feishu-client.ts';
import { FeishuError, isFeishuError } from './feishu-error.ts';
import { otherBrand } from './hosts.ts';
import {
  FIELD_SCOPES,
  PERMISSIONS,
  PERMISSION_FIX,
  isGranted,
} from '../../shared/domain/feishu-permissions.ts';

export type CheckStatus = 'passed' | 'failed' | 'warning' | 'skipped';

export interface ConnectivityCheck {
  id:
    | 'credentials'
    | 'permissions'
    | 'optional_permissions'
    | 'app_info'
    | 'contact_range'
    | 'field_mapping';
  status: CheckStatus;
  title: LocalizedText;
  detail?: LocalizedText;
  fix?: LocalizedText;
  code?: ErrorCode;
}

export interface PermissionFinding {
  scope: string;
  required: boolean;
  granted: boolean;
  title: LocalizedText;
  need_for: LocalizedText;
}

export interface ConnectivityResult {
  status: 'passed' | 'failed';
  brand: Brand;
  host: string;
  checks: ConnectivityCheck[];
  permissions: PermissionFinding[];
  missing_permissions: (PermissionFinding & { fix: LocalizedText })[];
  contact_range: { kind: 'all' | 'partial' | 'unknown'; departments: number; users: number };
  app: { name: string | null } | null;
  api_calls: number;
}

export interface ConnectivityInput {
  brand: Brand;
  appId: string;
  appSecret: string;
  scope: SyncScope;
  fieldMapping: FieldMapping;
  client?: Omit<FeishuClientOptions, 'brand' | 'appId' | 'appSecret'>;
}

const TITLES: Record<ConnectivityCheck['id'], LocalizedText> = {
  credentials: { en: 'App ID and App Secret', 'zh-CN': 'App ID 与 App Secret' },
  permissions: { en: 'Required permissions', 'zh-CN': '必需权限' },
  optional_permissions: { en: 'Optional permissions', 'zh-CN': '可选权限' },
  app_info: { en: 'App information', 'zh-CN': '应用信息' },
  contact_range: { en: 'Contact range', 'zh-CN': '通讯录权限范围' },
  field_mapping: { en: 'Field mapping', 'zh-CN': '字段映射' },
};

const check = (
  id: ConnectivityCheck['id'],
  status: CheckStatus,
  extra: Omit<ConnectivityCheck, 'id' | 'status' | 'title'> = {},
): ConnectivityCheck => ({ id, status, title: TITLES[id], ...extra });

/** A FeishuError as a failed check: its catalog message and fix in both languages. */
function fromError(id: ConnectivityCheck['id'], err: unknown, status: CheckStatus = 'failed') {
  if (!(err instanceof FeishuError)) throw err;
  const en = errorBody(err.code, 'en', err.params).error;
  const zh = errorBody(err.code, 'zh-CN', err.params).error;
  return check(id, status, {
    code: err.code,
    detail: { en: en.message, 'zh-CN': zh.message },
    ...(en.fix && zh.fix ? { fix: { en: en.fix, 'zh-CN': zh.fix } } : {}),
  });
}

const list = (items: string[]) => items.join(', ');

export async function runConnectivityTest(input: ConnectivityInput): Promise<ConnectivityResult> {
  const clients: FeishuClient[] = [];
  const makeClient = (brand: Brand) => {
    const c = new FeishuClient({
      ...input.client,
      brand,
      appId: input.appId,
      appSecret: input.appSecret,
    });
    clients.push(c);
    return c;
  };
  const client = makeClient(input.brand);
  const result: ConnectivityResult = {
    status: 'failed',
    brand: input.brand,
    host: client.baseUrl,
    checks: [],
    permissions: [],
    missing_permissions: [],
    contact_range: { kind: 'unknown', departments: 0, users: 0 },
    app: null,
    api_calls: 0,
  };
  const finish = () => {
    result.api_calls = clients.reduce((n, c) => n + c.stats.requests, 0);
    result.status = result.checks.some((c) => c.status === 'failed') ? 'failed' : 'passed';
    return result;
  };

  // 1. Credentials on the brand's host; on refusal, the other brand's host tells a mismatch.
  try {
    await client.tenantToken();
    result.checks.push(check('credentials', 'passed'));
  } catch (err) {
    if (isFeishuError(err, 'FEISHU_CREDENTIALS_INVALID')) {
      const other = otherBrand(input.brand);
      const otherOk = await makeClient(other)
        .tenantToken()
        .then(() => true)
        .catch(() => false);
      if (otherOk) {
        const name = (b: Brand, lang: 'en' | 'zh-CN') =>
          b === 'feishu' ? (lang === 'en' ? 'Feishu' : '飞书') : 'Lark';
        const params = (lang: 'en' | 'zh-CN') => ({
          actual: name(other, lang),
          configured: name(input.brand, lang),
        });
        const en = errorBody('FEISHU_BRAND_MISMATCH', 'en', params('en')).error;
        const zh = errorBody('FEISHU_BRAND_MISMATCH', 'zh-CN', params('zh-CN')).error;
        result.checks.push(
          check('credentials', 'failed', {
            code: 'FEISHU_BRAND_MISMATCH',
            detail: { en: en.message, 'zh-CN': zh.message },
            fix: { en: en.fix!, 'zh-CN': zh.fix! },
          }),
        );
        return finish();
      }
    }
    result.checks.push(fromError('credentials', err));
    return finish();
  }

  // 2. Permissions granted by the tenant, against the table.
  let granted: Set<string> | undefined;
  try {
    granted = await grantedTenantScopes(client);
  } catch (err) {
    result.checks.push(fromError('permissions', err));
  }
  if (granted) {
    const g = granted;
    result.permissions = PERMISSIONS.map((p) => ({
      scope: p.scope,
      required: p.required,
      granted: isGranted(p.scope, g),
      title: p.title,
      need_for: p.needFor,
    }));
    result.missing_permissions = result.permissions
      .filter((p) => !p.granted)
      .map((p) => ({ ...p, fix: PERMISSION_FIX }));
    const missing = (required: boolean) =>
      result.missing_permissions.filter((p) => p.required === required);
    const describe = (ps: PermissionFinding[]): LocalizedText => ({
      en: `Missing: ${list(ps.map((p) => `${p.scope} (${p.title.en})`))}.`,
      'zh-CN': `缺少：${list(ps.map((p) => `${p.scope}（${p.title['zh-CN']}）`))}。`,
    });
    const req = missing(true);
    result.checks.push(
      req.length
        ? check('permissions', 'failed', { detail: describe(req), fix: PERMISSION_FIX })
        : check('permissions', 'passed'),
    );
    const opt = missing(false);
    result.checks.push(
      opt.length
        ? check('optional_permissions', 'warning', { detail: describe(opt), fix: PERMISSION_FIX })
        : check('optional_permissions', 'passed'),
    );
  }

  // 3. App info (optional permission): its name for the report.
  try {
    const info = await appInfo(client, 'zh_cn');
    result.app = { name: info.appName };
    result.checks.push(check('app_info', 'passed'));
  } catch (err) {
    result.checks.push(fromError('app_info', err, 'warning'));
  }

  // 4. Contact range against the source's scope setting.
  result.checks.push(await checkContactRange(client, input.scope, result));

  // 5. Mapped fields the app may not read come out empty.
  if (granted) {
    const g = granted;
    const blind = input.fieldMapping.attributes.filter(
      (a) => FIELD_SCOPES[a.from] && !isGranted(FIELD_SCOPES[a.from]!, g),
    );
    result.checks.push(
      blind.length
        ? check('field_mapping', 'warning', {
            detail: {
              en: `These mapped fields will stay empty without their permission: ${list(blind.map((a) => `${a.from} → ${a.to}`))}.`,
              'zh-CN': `以下映射字段因缺少权限将为空：${list(blind.map((a) => `${a.from} → ${a.to}`))}。`,
            },
            fix: PERMISSION_FIX,
          })
        : check('field_mapping', 'passed'),
    );
  }
  return finish();
}

async function checkContactRange(
  client: FeishuClient,
  scope: SyncScope,
  result: ConnectivityResult,
): Promise<ConnectivityCheck> {
  try {
    const range = await contactRange(client, { maxPages: 5 });
    result.contact_range.departments = range.departmentIds.length;
    result.contact_range.users = range.userIds.length;
  } catch (err) {
    return fromError('contact_range', err);
  }
  // Listing the root's children works only with the "all members" range.
  try {
    await departmentChildren(client, '0', { fetchChild: false, pageSize: 1 }).next();
    result.contact_range.kind = 'all';
  } catch (err) {
    if (!isFeishuError(err, 'FEISHU_CONTACT_RANGE_DENIED')) return fromError('contact_range', err);
    result.contact_range.kind = 'partial';
  }
  if (scope.kind === 'all') {
    if (result.contact_range.kind === 'all') return check('contact_range', 'passed');
    return check('contact_range', 'failed', {
      code: 'FEISHU_CONTACT_RANGE_DENIED',
      detail: {
        en: 'The source syncs all members, but the app\'s contact range is not "All members".',
        'zh-CN': '身份源设置为同步全部成员，但应用的通讯录权限范围不是“全部成员”。',
      },
      fix: {
        en: 'In the Feishu admin console set the app\'s contact range to "All members" (then release a version), or set the source to sync selected departments.',
        'zh-CN':
          '请在飞书管理后台将应用的通讯录权限范围设为“全部成员”（并发布版本），或将身份源改为同步指定部门。',
      },
    });
  }
  const unreadable: string[] = [];
  for (const id of scope.department_ids.slice(0, 500)) {
    try {
      await getDepartment(client, id);
    } catch (err) {
      if (!(err instanceof FeishuError) || err.code === 'FEISHU_UNAVAILABLE') {
        return fromError('contact_range', err);
      }
      unreadable.push(id);
    }
  }
  if (unreadable.length === 0) return check('contact_range', 'passed');
  return check('contact_range', 'failed', {
    code: 'FEISHU_CONTACT_RANGE_DENIED',
    detail: {
      en: `The app cannot read these selected departments (gone, or outside its contact range): ${list(unreadable)}.`,
      'zh-CN': `应用无法读取以下所选部门（已删除或不在通讯录权限范围内）：${list(unreadable)}。`,
    },
    fix: {
      en: "Add them to the app's contact range in the Feishu admin console, or remove them from the source's sync scope.",
      'zh-CN': '请在飞书管理后台将其加入应用的通讯录权限范围，或从身份源的同步范围中移除。',
    },
  });
}
