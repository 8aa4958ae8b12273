// An identity source as the admin API shows it. Secrets are write-only: the answer says whether
// each is set, never what it is; the audit snapshot says "set"/"not set" in the same places.
import type { IdentitySourceRow } from '../storage/schema.ts';
import { eventRequestUrl, redirectUrl } from './source-urls.ts';

export function sourceView(s: IdentitySourceRow, publicUrl: string) {
  return {
    id: s.id,
    tenant_id: s.tenant_id,
    brand: s.brand,
    name: s.name,
    description: s.description,
    status: s.status,
    app_id: s.app_id,
    app_secret: { set: Boolean(s.app_secret_enc) },
    encrypt_key: { set: s.encrypt_key_enc !== null },
    verification_token: { set: s.verification_token_enc !== null },
    event_request_url: eventRequestUrl(publicUrl, s.id),
    redirect_url: redirectUrl(publicUrl),
    auto_sync: s.auto_sync,
    sync_user_info: s.sync_user_info,
    schedule: s.schedule,
    scope: s.scope,
    field_mapping: s.field_mapping,
    deletion_thresholds: s.deletion_thresholds,
    qr_login: s.qr_login,
    connectivity: {
      status: s.connectivity_status,
      checked_at: s.connectivity_checked_at?.toISOString() ?? null,
    },
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
  };
}

export type SourceView = ReturnType<typeof sourceView>;

/** What the audit trail records of a source: its settings, each secret as "set"/"not set". */
export function sourceAuditSnapshot(s: IdentitySourceRow) {
  return {
    brand: s.brand,
    name: s.name,
    description: s.description,
    status: s.status,
    app_id: s.app_id,
    app_secret: s.app_secret_enc ? 'set' : 'not set',
    encrypt_key: s.encrypt_key_enc !== null ? 'set' : 'not set',
    verification_token: s.verification_token_enc !== null ? 'set' : 'not set',
    auto_sync: s.auto_sync,
    sync_user_info: s.sync_user_info,
    schedule: s.schedule,
    scope: s.scope,
    field_mapping: s.field_mapping,
    deletion_thresholds: s.deletion_thresholds,
    qr_login: s.qr_login,
    connectivity_status: s.connectivity_status,
  };
}
