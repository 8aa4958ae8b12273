// The database as Kysely sees it: one interface per table, matching the migrations. JSON columns
// read as objects and are written as JSON text (both engines accept text for jsonb, while the pg
// driver would turn a JS array into a Postgres array literal).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  Brand,
  ConnectivityStatus,
  DeletionThresholds,
  FieldMapping,
  SourceStatus,
  SyncSchedule,
  SyncScope,
} from '../../shared/domain/identity-source.ts';

export type Json<T> = ColumnType<T, string, string>;
export type Timestamp = Date;
export type AdminRole = 'platform_admin' | 'tenant_admin';

export interface DeploymentSettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
}

export interface TenantsTable {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  time_zone: string;
  verification_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AdminsTable {
  id: string;
  email: string;
  name: string;
  role: AdminRole;
  tenant_id: string | null;
  status: 'active' | 'disabled';
  password_hash: string;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  last_login_at: Timestamp | null;
  password_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AdminSessionsTable {
  id_hash: string;
  admin_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  tenant_id: string | null;
  actor_type: 'admin' | 'system' | 'anonymous';
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  request_id: string | null;
  ip: string | null;
}

export interface ConnectivityReport {
  checked_credentials_version: number;
  [key: string]: unknown;
}

export interface IdentitySourcesTable {
  id: string;
  tenant_id: string;
  brand: Brand;
  name: string;
  description: string;
  status: SourceStatus;
  app_id: string;
  app_secret_enc: string;
  encrypt_key_enc: string | null;
  verification_token_enc: string | null;
  credentials_version: Generated<number>;
  auto_sync: boolean;
  sync_user_info: boolean;
  schedule: Json<SyncSchedule>;
  scope: Json<SyncScope>;
  field_mapping: Json<FieldMapping>;
  deletion_thresholds: Json<DeletionThresholds>;
  qr_login: boolean;
  connectivity_status: ConnectivityStatus;
  connectivity_checked_at: Timestamp | null;
  connectivity_report: Json<ConnectivityReport> | null;
  directory_version: Generated<number>;
  next_sync_at: Timestamp | null;
  /** What next_sync_at was planned from (migration 0004); null until the scheduler plans it. */
  sync_plan: ColumnType<SyncPlan | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SyncPlan {
  schedule: SyncSchedule;
  time_zone: string;
  /** The schedule's own time (ISO); next_sync_at is this plus the source's jitter. */
  nominal_at: string;
  /** next_sync_at as planned (ISO): if it differs, someone else set it and it is re-planned. */
  at: string;
}

export type DirectoryStatus = 'active' | 'disabled' | 'deleted';

export interface DirectoryDepartmentsTable {
  id: string;
  source_id: string;
  open_department_id: string;
  department_id: string | null;
  name: string;
  i18n_name: Json<Record<string, string>>;
  /** "0" for a child of the root. */
  parent_open_department_id: string;
  /** "/od-a/od-b/" for b under a: every ancestor and itself, for subtree look-ups by prefix. */
  path: string;
  leader_open_id: string | null;
  sort_order: number;
  status: DirectoryStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
  /** Hash of the synced content (migration 0003): an unchanged department costs no write. */
  content_hash: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DirectoryUsersTable {
  id: string;
  source_id: string;
  open_id: string;
  union_id: string;
  user_id: string | null;
  username: string | null;
  name: string;
  en_name: string | null;
  email: string | null;
  mobile: string | null;
  employee_no: string | null;
  status: DirectoryStatus;
  /** The Feishu status object as last seen (frozen, resigned, ...). */
  feishu_status: Json<Record<string, boolean>>;
  /** Every Feishu field last fetched, so a mapping change needs no re-fetch. */
  profile: Json<Record<string, unknown>>;
  /** Account fields produced by the source's field mapping. */
  attributes: Json<Record<string, unknown>>;
  leader_open_id: string | null;
  source_updated_at: Timestamp | null;
  disabled_at: Timestamp | null;
  deleted_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Hash of every synced field and membership (migration 0003). */
  content_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** Hash of what access depends on: username, mapped attributes, departments. */
  access_hash: ColumnType<string | null, string | null | undefined, string | null>;
  disabled_reason: ColumnType<
    UserDisabledReason | null,
    UserDisabledReason | null | undefined,
    UserDisabledReason | null
  >;
}

/** Why a directory user is disabled (or, for 'deleted', gone from Feishu for good). */
export type UserDisabledReason = 'frozen' | 'resigned' | 'left_scope' | 'deleted';

export interface DirectoryMembershipsTable {
  source_id: string;
  user_id: string;
  /** open_department_id, or "0" for a direct member of the root. */
  open_department_id: string;
  is_primary: boolean;
  user_order: number;
  department_order: number;
}

export type SyncTrigger = 'first' | 'manual' | 'schedule' | 'event_reconcile' | 'approval';
export type SyncRunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'blocked' | 'discarded';

export interface SyncRunsTable {
  id: string;
  source_id: string;
  tenant_id: string;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  requested_by: string | null;
  base_directory_version: number | null;
  counts: Json<Record<string, Record<string, number>>>;
  api_calls: Generated<number>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  duration_ms: number | null;
  error: Json<{ code: string; message: string; details?: unknown }> | null;
  pending_changes: Json<unknown> | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
  /** Migration 0003: where a running run is ('fetching' | 'applying'), who runs it, its pulse. */
  phase: ColumnType<string | null, string | null | undefined, string | null>;
  runner_id: ColumnType<string | null, string | null | undefined, string | null>;
  heartbeat_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** The source's scope setting the run synced. */
  scope: ColumnType<SyncScope | null, string | null | undefined, string | null>;
  hold_reasons: ColumnType<unknown[] | null, string | null | undefined, string | null>;
  /** For a run started by approving a held run whose directory had changed: that run. */
  approved_run_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** For a held run approved on a changed directory: the run that recomputed it. */
  superseded_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export type PendingChangeEntity = 'user' | 'department';
export type PendingChangeAction = 'create' | 'update' | 'disable' | 'delete';

/** One change of a held run, as it would be applied (migration 0003). */
export interface SyncPendingChangesTable {
  run_id: string;
  seq: number;
  entity: PendingChangeEntity;
  action: PendingChangeAction;
  target_id: string | null;
  open_id: string;
  name: string;
  reason: string | null;
  payload: Json<unknown>;
}

export interface EventsInboxTable {
  id: Generated<number>;
  source_id: string;
  event_id: string;
  event_type: string;
  payload: Json<unknown>;
  received_at: Timestamp;
  processed_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
  status: Generated<EventInboxStatus>;
  /** header.create_time: when Feishu made the event (orders events about one object). */
  event_created_at: Timestamp | null;
  /** What processing did: counts, the reason it was ignored or stale, the run that holds it. */
  outcome: Json<Record<string, unknown>> | null;
  locked_by: string | null;
  locked_until: Timestamp | null;
  next_attempt_at: Timestamp | null;
}

export type EventInboxStatus = 'pending' | 'applied' | 'ignored' | 'stale' | 'held' | 'failed';

/** The newest event applied about one object, so an older one arriving late is not applied. */
export interface DirectoryEventMarksTable {
  source_id: string;
  object_kind: 'user' | 'department';
  open_id: string;
  event_at: Timestamp;
  event_id: string;
}

export interface JobLeasesTable {
  name: string;
  holder: string;
  acquired_at: Timestamp;
  expires_at: Timestamp;
}

export interface Database {
  deployment_settings: DeploymentSettingsTable;
  tenants: TenantsTable;
  admins: AdminsTable;
  admin_sessions: AdminSessionsTable;
  audit_log: AuditLogTable;
  identity_sources: IdentitySourcesTable;
  directory_departments: DirectoryDepartmentsTable;
  directory_users: DirectoryUsersTable;
  directory_memberships: DirectoryMembershipsTable;
  sync_runs: SyncRunsTable;
  sync_pending_changes: SyncPendingChangesTable;
  events_inbox: EventsInboxTable;
  directory_event_marks: DirectoryEventMarksTable;
  job_leases: JobLeasesTable;
}

export type TenantRow = Selectable<TenantsTable>;
export type AdminRow = Selectable<AdminsTable>;
export type IdentitySourceRow = Selectable<IdentitySourcesTable>;
export type NewIdentitySource = Insertable<IdentitySourcesTable>;
export type IdentitySourceUpdate = Updateable<IdentitySourcesTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type DirectoryDepartmentRow = Selectable<DirectoryDepartmentsTable>;
export type DirectoryUserRow = Selectable<DirectoryUsersTable>;
export type SyncRunRow = Selectable<SyncRunsTable>;

/** JSON text for a jsonb column. */
export const json = (value: unknown): string => JSON.stringify(value);
