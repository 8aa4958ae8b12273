// Tables of migration 0006 (access policies and gateway keys), merged into the Database
// interface from here, next to the module that owns them.
import type { Json, Timestamp } from './schema.ts';

export interface PolicyApplicationsTable {
  tenant_id: string;
  id: string;
  name: string;
  icon: string | null;
  description: string;
  enabled: boolean;
  addresses: Json<unknown[]>;
  portal_url: string | null;
  tags: Json<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccessPoliciesTable {
  tenant_id: string;
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  priority: number;
  action: 'allow' | 'deny';
  subjects: Json<unknown>;
  resources: Json<unknown>;
  conditions: Json<unknown> | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PolicyRevisionsTable {
  tenant_id: string;
  revision: number | string;
  updated_at: Timestamp;
}

export interface GatewayKeysTable {
  id: string;
  tenant_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

declare module './schema.ts' {
  interface Database {
    policy_applications: PolicyApplicationsTable;
    access_policies: AccessPoliciesTable;
    policy_revisions: PolicyRevisionsTable;
    gateway_keys: GatewayKeysTable;
  }
}
