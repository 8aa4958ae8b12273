// Writes audit entries. Snapshots pass through a scrubber that turns any secret-looking value
// into "set" / "not set", so even a careless caller cannot put a secret into the trail.
import type { Kysely } from 'kysely';
import type { RequestContext } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { redactDeep } from '../observability/redact.ts';
import { insertAudit } from '../storage/repositories/audit-log.ts';
import { json, type Database } from '../storage/schema.ts';

export const setOrNot = (value: unknown): 'set' | 'not set' => {
  if (value && typeof value === 'object' && 'set' in value)
    return (value as { set: unknown }).set ? 'set' : 'not set';
  return value === null || value === undefined || value === '' || value === 'not set'
    ? 'not set'
    : 'set';
};

export const scrubForAudit = (snapshot: unknown): unknown => redactDeep(snapshot, setOrNot);

export interface AuditChange {
  action: string;
  targetType: string;
  targetId: string | null;
  tenantId: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditActorInfo {
  type: 'admin' | 'system' | 'anonymous';
  id: string | null;
  label: string | null;
  requestId: string | null;
  ip: string | null;
}

export const adminActor = (ctx: RequestContext): AuditActorInfo => ({
  type: 'admin',
  id: ctx.actor.adminId,
  label: ctx.actor.email,
  requestId: ctx.requestId,
  ip: ctx.ip,
});

export const systemActor = (label: string): AuditActorInfo => ({
  type: 'system',
  id: null,
  label,
  requestId: null,
  ip: null,
});

export async function writeAudit(
  db: Kysely<Database>,
  clock: Clock,
  actor: AuditActorInfo,
  change: AuditChange,
): Promise<void> {
  await insertAudit(db, {
    at: clock.now(),
    tenant_id: change.tenantId,
    actor_type: actor.type,
    actor_id: actor.id,
    actor_label: actor.label,
    action: change.action,
    target_type: change.targetType,
    target_id: change.targetId,
    before: change.before === undefined ? null : json(scrubForAudit(change.before)),
    after: change.after === undefined ? null : json(scrubForAudit(change.after)),
    request_id: actor.requestId,
    ip: actor.ip,
  });
}
