// What the HTTP and CONNECT handlers share: the policy, the decision log, the open connections,
// the limits, and the one step both take first (decide a destination and write it down).
import type { Agent } from 'node:http';
import type { Enforcement } from '../../../shared/domain/policy/entitlement-enforcer.ts';
import type { DestinationProtocol } from '../../../shared/domain/policy/ports.ts';
import type { DecisionInput, DecisionLog } from './decision-log.ts';
import type { DestinationPolicy } from './destination-policy.ts';
import { isLoopbackAddress } from './loopback.ts';
import type { OpenConnections } from './open-connections.ts';

export interface ProxyLimits {
  /** Client connections the proxy accepts at once (tunnels included). */
  maxClientConnections: number;
  /** CONNECT tunnels open at once. */
  maxTunnels: number;
  /** Pooled keep-alive connections to one upstream address. */
  maxUpstreamSocketsPerHost: number;
  /** Connecting to an upstream (and resolving its name). */
  connectTimeoutMs: number;
  /** An HTTP exchange with no bytes either way for this long is cut (504 if nothing was sent). */
  upstreamIdleMs: number;
  /** A tunnel with no bytes either way for this long is closed. */
  tunnelIdleMs: number;
  /** A client must send a request's headers within this. */
  headersTimeoutMs: number;
  /** An idle keep-alive client connection is closed after this. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_PROXY_LIMITS: ProxyLimits = {
  maxClientConnections: 512,
  maxTunnels: 384,
  maxUpstreamSocketsPerHost: 64,
  connectTimeoutMs: 10_000,
  upstreamIdleMs: 120_000,
  tunnelIdleMs: 30 * 60_000,
  headersTimeoutMs: 30_000,
  keepAliveTimeoutMs: 60_000,
};

export interface ProxyContext {
  policy: DestinationPolicy;
  log: DecisionLog;
  open: OpenConnections;
  limits: ProxyLimits;
  agent: Agent;
  now(): number;
  /** The port the proxy listens on: a destination of its own is a loop. */
  ownPort(): number;
}

export type DenyEnforcement = Exclude<Enforcement, { kind: 'direct' }>;

export type Step =
  | { kind: 'forward'; address: string; enforcement: Enforcement }
  | { kind: 'deny'; enforcement: DenyEnforcement }
  | { kind: 'unresolved'; error: string }
  | { kind: 'loop' };

export function decisionInput(
  ctx: ProxyContext,
  via: 'http' | 'connect',
  host: string,
  port: number,
  e: Enforcement,
  decidedByAddress: string | undefined,
): DecisionInput {
  if (e.kind === 'direct') return { outcome: 'direct', via, host, port };
  const d: DecisionInput = { outcome: e.kind, reason: e.reason, via, host, port };
  if (decidedByAddress !== undefined) d.address = decidedByAddress;
  // Signed out or stale, the enforcer names every application the destination is in; when it
  // is exactly one, "why denied" can still say which application was refused.
  const appId = e.appId ?? (e.kind === 'deny' && e.appIds?.length === 1 ? e.appIds[0] : undefined);
  if (appId !== undefined) d.appId = appId;
  const name = ctx.policy.appName(appId);
  if (name !== undefined) d.appName = name;
  if (e.policyId !== undefined) d.policyId = e.policyId;
  if (e.policyName !== undefined) d.policyName = e.policyName;
  return d;
}

export async function decide(
  ctx: ProxyContext,
  via: 'http' | 'connect',
  host: string,
  port: number,
  protocol: DestinationProtocol,
): Promise<Step> {
  const verdict = await ctx.policy.decide(host, port, protocol);
  if (verdict.kind === 'unresolved') return verdict;
  const e = verdict.enforcement;
  ctx.log.record(decisionInput(ctx, via, host, port, e, verdict.decidedByAddress), ctx.now());
  if (e.kind === 'deny') return { kind: 'deny', enforcement: e };
  const address = verdict.address!;
  if (port === ctx.ownPort() && isLoopbackAddress(address)) return { kind: 'loop' };
  return { kind: 'forward', address, enforcement: e };
}
