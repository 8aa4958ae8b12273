// The sandbox's internal model of Feishu/Lark tenants, their org structure and self-built apps.
// This is the emulator's source of truth; REST and event shapes are rendered from it per app
// (open_id is app-scoped on the real platform, so it is derived, never stored).

export type Brand = 'feishu' | 'lark';

export interface UserStatus {
  is_frozen: boolean;
  is_resigned: boolean;
  is_activated: boolean;
  is_exited: boolean;
  is_unjoin: boolean;
}

export interface SandboxDepartment {
  /** Internal key, stable for the lifetime of the department. */
  key: string;
  tenantKey: string;
  /** open_department_id ("od-..."): tenant-wide in the sandbox (see sandbox/README.md). */
  openDepartmentId: string;
  /** Custom department_id, reusable after deletion on the real platform. */
  departmentId: string;
  name: string;
  i18nName: { zh_cn?: string; en_us?: string; ja_jp?: string };
  /** Internal key of the parent, or "0" for the root's children. */
  parentKey: string;
  leaderUserKey?: string;
  /** REST "order" (string there, int in events): smaller sorts first. */
  order: number;
  chatId: string;
  unitIds: string[];
  hrbpUserKeys: string[];
  deleted: boolean;
  /** Milliseconds since the epoch of the last change (sandbox clock). */
  updatedAt: number;
}

export interface SandboxUser {
  key: string;
  tenantKey: string;
  /** union_id ("on_..."): stable across the developer's apps. */
  unionId: string;
  /** Tenant-scoped user_id, may be changed by an admin (a rename, not a new user). */
  userId: string;
  name: string;
  enName: string;
  nickname: string;
  email: string;
  enterpriseEmail: string;
  mobile: string;
  mobileVisible: boolean;
  gender: 0 | 1 | 2 | 3;
  avatarSeed: string;
  status: UserStatus;
  departmentKeys: string[];
  /** user_order per department: larger sorts first. */
  orders: {
    departmentKey: string;
    userOrder: number;
    departmentOrder: number;
    isPrimary: boolean;
  }[];
  leaderUserKey?: string;
  city: string;
  country: string;
  workStation: string;
  joinTime: number;
  isTenantManager: boolean;
  employeeNo: string;
  employeeType: number;
  jobTitle: string;
  customAttrs: { type: 'TEXT'; id: string; value: { text: string } }[];
  timeZone: string;
  /** Sandbox sign-in password for the OAuth page (not a Feishu field). */
  password: string;
  deleted: boolean;
  updatedAt: number;
}

export interface SandboxTenant {
  tenantKey: string;
  name: string;
  /** Root department's direct members are users whose departmentKeys contain "0". */
}

/** An app's contact range ("通讯录权限范围"): all members, or chosen departments and users. */
export type ContactRange =
  { kind: 'all' } | { kind: 'partial'; departmentKeys: string[]; userKeys: string[] };

/** An app's availability ("可用范围"): who may sign in with it. Same shape as the contact range. */
export type Availability = ContactRange;

export interface EventSubscription {
  requestUrl: string;
  /** Subscribed event types; empty means every contact event. */
  eventTypes: string[];
}

export interface SandboxApp {
  appId: string;
  appSecret: string;
  tenantKey: string;
  brand: Brand;
  name: string;
  /** Granted tenant-token scopes, e.g. "contact:user.base:readonly". */
  scopes: string[];
  /** Granted user-token scopes (OAuth consent can ask for a subset). */
  userScopes: string[];
  contactRange: ContactRange;
  availability: Availability;
  redirectUrls: string[];
  encryptKey: string;
  verificationToken: string;
  subscription?: EventSubscription;
  /** "Refresh user_access_token" switch in Security Settings (else 20074). */
  allowRefresh: boolean;
  enabled: boolean;
}
