// A proxy decision as the renderer shows it in "why was this denied": the reason worded in the
// person's language, times as ISO strings, nothing it does not need (no resolved address).
import type { Locale } from '../../shared/domain/errors/define.ts';
import { reasonText } from '../../shared/domain/policy/reasons.ts';
import type { DeniedDecisionView } from '../../shared/ipc/proxy-views.ts';
import type { ProxyDecision } from './proxy/decision-log.ts';

export function deniedDecisionView(d: ProxyDecision, locale: Locale): DeniedDecisionView {
  const reasonCode = d.reason ?? 'default_deny';
  return {
    via: d.via,
    host: d.host,
    port: d.port,
    app_id: d.appId ?? null,
    app_name: d.appName ?? null,
    policy_name: d.policyName ?? null,
    reason_code: reasonCode,
    reason: reasonText(reasonCode, locale, d.policyName),
    closed_open_connection: d.closedOpenConnection === true,
    first_at: new Date(d.firstAt).toISOString(),
    last_at: new Date(d.lastAt).toISOString(),
    count: d.count,
  };
}
