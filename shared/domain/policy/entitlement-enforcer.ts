// What the client's proxy asks for each connection: is this destination private (inside some
// application's addresses) and, if so, may this user reach it? Built from the two pushed
// documents with the same address index and the same "most specific applications decide, all
// of them must allow" rule as the control plane's decideDestination, so both agree.
import { parseAddress, type ParsedAddress } from './address.ts';
import { AddressIndex, type IndexedAddress } from './address-index.ts';
import type { DestinationMap, Entitlements, ExplicitDeny } from './entitlement-schemas.ts';
import { normalizeDestinationHost } from './host.ts';
import { isValidPort, PROTOCOL_QUERY_BITS, type DestinationProtocol } from './ports.ts';
import type { ReasonCode } from './reasons.ts';

export type Enforcement =
  /** Outside every application: not ours to decide (the proxy sends it DIRECT). */
  | { kind: 'direct' }
  | {
      kind: 'allow' | 'deny';
      reason: ReasonCode;
      /** The application that decided (the first denying one of a tie, else the first). */
      appId?: string;
      appIds: string[];
      policyId?: string;
      policyName?: string;
    };

export interface EntitlementEnforcer {
  readonly destinationVersion: string;
  readonly entitlementsVersion: string | undefined;
  check(host: string, port: number, protocol: DestinationProtocol, now: number): Enforcement;
}

/** `entitlements` is null while signed out: every private destination is then denied. */
export function createEntitlementEnforcer(
  map: DestinationMap,
  entitlements: Entitlements | null,
): EntitlementEnforcer {
  const indexed: IndexedAddress[] = [];
  map.applications.forEach((app, i) =>
    app.addresses.forEach((a, address) => {
      const parsed = parseAddress(a);
      if (!('error' in parsed)) indexed.push({ app: i, address, parsed: parsed as ParsedAddress });
    }),
  );
  const index = new AddressIndex(indexed);
  const allowed = new Map(entitlements?.applications.map((a) => [a.id, a.decided_by]));
  const denied = new Map<string, ExplicitDeny>(entitlements?.denied.map((d) => [d.app_id, d]));

  return {
    destinationVersion: map.version,
    entitlementsVersion: entitlements?.version,
    check(host, port, protocol, now) {
      const dest = normalizeDestinationHost(host);
      const bits = PROTOCOL_QUERY_BITS[protocol];
      if (dest === undefined || !isValidPort(port) || bits === undefined) {
        return { kind: 'deny', reason: 'invalid_destination', appIds: [] };
      }
      const apps = index.mostSpecific(dest, port, bits);
      if (apps.length === 0) return { kind: 'direct' };
      const appIds = apps.map((a) => map.applications[a]!.id);
      if (entitlements === null) return { kind: 'deny', reason: 'signed_out', appIds };
      if (entitlements.valid_until !== null && now >= entitlements.valid_until) {
        return { kind: 'deny', reason: 'entitlements_expired', appIds };
      }
      for (let i = 0; i < apps.length; i++) {
        const appId = appIds[i]!;
        if (!map.applications[apps[i]!]!.enabled) {
          return { kind: 'deny', reason: 'disabled_app', appId, appIds };
        }
        if (allowed.has(appId)) continue;
        const d = denied.get(appId);
        return d
          ? {
              kind: 'deny',
              reason: 'matched_deny',
              appId,
              appIds,
              policyId: d.policy_id,
              policyName: d.policy_name,
            }
          : { kind: 'deny', reason: 'default_deny', appId, appIds };
      }
      const by = allowed.get(appIds[0]!)!;
      return {
        kind: 'allow',
        reason: 'matched_allow',
        appId: appIds[0]!,
        appIds,
        policyId: by.policy_id,
        policyName: by.policy_name,
      };
    },
  };
}
