// The compiled policy set: the one object the control plane (decisions, what-if, entitlements,
// gateway checks) and the client use. Immutable; compile a new one when anything changes.
import { buildTables, type PolicyTables } from './compile.ts';
import { Decider, UNKNOWN_APP } from './decide.ts';
import type { DestinationMap, Entitlements } from './entitlement-schemas.ts';
import { computeEntitlements } from './entitlements.ts';
import { explainDecision } from './explain.ts';
import { normalizeDestinationHost } from './host.ts';
import { isValidPort, PROTOCOL_QUERY_BITS, type DestinationProtocol } from './ports.ts';
import type { Application, PolicySetInput } from './schemas.ts';
import type {
  CompileWarning,
  Decision,
  DecisionContext,
  DestinationDecision,
  Explanation,
  PolicyUser,
} from './types.ts';

export class CompiledPolicies {
  private readonly t: PolicyTables;
  private readonly decider: Decider;

  constructor(tables: PolicyTables) {
    this.t = tables;
    this.decider = new Decider(tables);
  }

  /** A stable hash of the whole policy set (applications, policies, departments, time zone). */
  get version(): string {
    return this.t.version;
  }
  get timeZone(): string {
    return this.t.timeZone;
  }
  /** Unknown departments/applications/tags named by policies, cut department cycles. */
  get warnings(): readonly CompileWarning[] {
    return this.t.warnings;
  }
  get applications(): readonly Application[] {
    return this.t.apps;
  }

  /** The decision for one application. The returned object is shared: do not mutate it. */
  decide(user: PolicyUser, appId: string, ctx: DecisionContext): Readonly<Decision> {
    const app = this.t.appIndex.get(appId);
    return app === undefined ? UNKNOWN_APP : this.decider.decideApp(user, app, ctx);
  }

  explain(user: PolicyUser, appId: string, ctx: DecisionContext): Explanation {
    const app = this.t.appIndex.get(appId);
    if (app === undefined) {
      return { app_id: appId, decision: { ...UNKNOWN_APP }, steps: [], disabled_policy_ids: [] };
    }
    return explainDecision(this.t, this.decider, user, app, ctx);
  }

  /**
   * Applications whose addresses contain the destination, most specific first. Empty for a
   * destination outside every application, and for an invalid one (decideDestination tells
   * the two apart).
   */
  matchDestination(host: string, port: number, protocol: DestinationProtocol = 'any'): string[] {
    const dest = normalizeDestinationHost(host);
    const bits = PROTOCOL_QUERY_BITS[protocol];
    if (dest === undefined || !isValidPort(port) || bits === undefined) return [];
    return this.t.addressIndex.matches(dest, port, bits).map((m) => this.t.apps[m.app]!.id);
  }

  /**
   * The decision for a destination: the most specific applications containing it decide, and
   * every one of them must allow (a tie between applications fails closed).
   */
  decideDestination(
    user: PolicyUser,
    host: string,
    port: number,
    protocol: DestinationProtocol,
    ctx: DecisionContext,
  ): DestinationDecision {
    const dest = normalizeDestinationHost(host);
    const bits = PROTOCOL_QUERY_BITS[protocol];
    if (dest === undefined || !isValidPort(port) || bits === undefined) {
      return { decision: 'deny', reason: 'invalid_destination', appIds: [] };
    }
    const apps = this.t.addressIndex.mostSpecific(dest, port, bits);
    if (apps.length === 0) return { decision: 'deny', reason: 'no_application', appIds: [] };
    const appIds = apps.map((a) => this.t.apps[a]!.id);
    let first: Readonly<Decision> | undefined;
    for (let i = 0; i < apps.length; i++) {
      const d = this.decider.decideApp(user, apps[i]!, ctx);
      if (d.decision === 'deny') return { ...d, appId: appIds[i]!, appIds };
      first ??= d;
    }
    return { ...first!, appId: appIds[0]!, appIds };
  }

  entitlementsFor(user: PolicyUser, ctx: DecisionContext): Entitlements {
    return computeEntitlements(this.t, this.decider, user, ctx);
  }

  /** Every application's addresses (no names), for the client proxy's PAC and routing. */
  destinationMap(): DestinationMap {
    return {
      version: this.t.destinationVersion,
      applications: this.t.apps.map((a) => ({
        id: a.id,
        enabled: a.enabled,
        addresses: a.addresses,
      })),
    };
  }
}

/** Parses (throws PolicySetError with the issues) and compiles a policy set. */
export function compilePolicies(input: PolicySetInput): CompiledPolicies {
  return new CompiledPolicies(buildTables(input));
}
