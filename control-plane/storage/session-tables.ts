// Tables of migration 0005 (sign-in and client sessions), merged into the Database interface
// from here so the module owning them keeps their shapes next to each other.
import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from './schema.ts';

export type LoginTransactionStatus = 'pending' | 'completed' | 'failed' | 'redeemed';
export type LoginFlow = 'browser' | 'qr';

export interface LoginTransactionsTable {
  id: string;
  tenant_id: string;
  source_id: string;
  redirect_uri: string;
  code_challenge: string;
  client_state: string;
  device_id: string;
  device_name: string;
  device_os: string;
  app_version: string;
  ip: string | null;
  user_agent: string | null;
  status: LoginTransactionStatus;
  states_issued: Generated<number>;
  user_id: string | null;
  /** SHA-256 of the one-time handoff code. */
  handoff_hash: string | null;
  handoff_expires_at: Timestamp | null;
  error_code: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface LoginStatesTable {
  /** SHA-256 of the state sent to Feishu. */
  state_hash: string;
  transaction_id: string;
  flow: LoginFlow;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface ClientSessionsTable {
  id: string;
  tenant_id: string;
  source_id: string;
  /** directory_users.id (no foreign key: see the migration). */
  user_id: string;
  device_id: string;
  device_name: string;
  device_os: string;
  app_version: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_reason: string | null;
  revoked_by: string | null;
}

export interface RefreshTokensTable {
  /** SHA-256 of the refresh token. */
  token_hash: string;
  session_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  rotated_at: Timestamp | null;
  rotated_device_id: string | null;
  /** SHA-256 of the token this one was rotated into. */
  child_hash: string | null;
  /** The access token issued together with this refresh token (claims and key), so a grace
   *  replay of its parent gets the very same pair back. */
  issued_claims: Json<Record<string, unknown>>;
  issued_kid: string;
}

export interface SessionEventsTable {
  seq: Generated<number>;
  session_id: string;
  type: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  public_jwk: Json<Record<string, unknown>>;
  private_key_enc: string;
  status: 'active' | 'retired';
  created_at: Timestamp;
  retired_at: Timestamp | null;
  /** Published in the JWKS until then (the last token it signed has expired). */
  publish_until: Timestamp | null;
}

export interface UserEntitlementsTable {
  user_id: string;
  tenant_id: string;
  version: Generated<number>;
  updated_at: Timestamp;
}

declare module './schema.ts' {
  interface Database {
    login_transactions: LoginTransactionsTable;
    login_states: LoginStatesTable;
    client_sessions: ClientSessionsTable;
    refresh_tokens: RefreshTokensTable;
    session_events: SessionEventsTable;
    signing_keys: SigningKeysTable;
    user_entitlements: UserEntitlementsTable;
  }
  interface IdentitySourcesTable {
    /** The Feishu tenant_key of the app's tenant, once learned (ADR 0009). */
    feishu_tenant_key: ColumnType<string | null, string | null | undefined, string | null>;
  }
}
