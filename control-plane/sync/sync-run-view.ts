// A sync run as the admin API shows it: timestamps as ISO text, hold reasons with their message
// and fix in the reader's language (and both), from the one error catalog.
import { errorBody, isErrorCode, type Locale } from '../../shared/domain/errors/index.ts';
import type { SyncRunRow } from '../storage/schema.ts';
import type { HoldReason } from './sync-holds.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function holdReasonView(h: HoldReason, locale: Locale) {
  if (!isErrorCode(h.code)) {
    return {
      code: h.code,
      approvable: h.approvable,
      message: h.code,
      messages: { en: h.code, 'zh-CN': h.code },
      params: h.params,
    };
  }
  const body = errorBody(h.code, locale, h.params).error;
  return {
    code: h.code,
    approvable: h.approvable,
    message: body.message,
    messages: body.messages,
    ...(body.fix ? { fix: body.fix } : {}),
    params: h.params,
  };
}

export function syncRunView(r: SyncRunRow, locale: Locale) {
  const error = r.error as { code?: string; message?: string } | null;
  return {
    id: r.id,
    source_id: r.source_id,
    trigger: r.trigger,
    status: r.status,
    phase: r.phase,
    requested_by: r.requested_by,
    counts: (r.counts ?? {}) as Record<string, Record<string, number>>,
    api_calls: Number(r.api_calls ?? 0),
    created_at: r.created_at.toISOString(),
    started_at: iso(r.started_at),
    finished_at: iso(r.finished_at),
    duration_ms: r.duration_ms,
    error: error
      ? { code: String(error.code ?? 'SYNC_FAILED'), message: String(error.message ?? '') }
      : null,
    hold_reasons: ((r.hold_reasons ?? []) as HoldReason[]).map((h) => holdReasonView(h, locale)),
    base_directory_version:
      r.base_directory_version === null ? null : Number(r.base_directory_version),
    decided_by: r.decided_by,
    decided_at: iso(r.decided_at),
    approved_run_id: r.approved_run_id,
    superseded_by: r.superseded_by,
  };
}
