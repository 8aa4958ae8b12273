// The proxy's view of the pushed documents: the enforcer built from the destination map and the
// entitlements (null while signed out), replaced whole on every change, plus name resolution.
//
// The policy core never resolves names (ADR 0006). The proxy has to connect somewhere, so it
// resolves a name once and connects to exactly the address it checked (no second lookup that a
// rebinding DNS server could answer differently). A listed name decides by itself; a name no
// application lists is also checked by its address, so "anything.example" pointing at 10.2.3.4
// cannot reach an application listed only as 10.0.0.0/8 around its policy.
import { lookup } from 'node:dns/promises';
import {
  createEntitlementEnforcer,
  type EntitlementEnforcer,
  type Enforcement,
} from '../../../shared/domain/policy/entitlement-enforcer.ts';
import type {
  DestinationMap,
  Entitlements,
} from '../../../shared/domain/policy/entitlement-schemas.ts';
import { normalizeDestinationHost } from '../../../shared/domain/policy/host.ts';
import type { DestinationProtocol } from '../../../shared/domain/policy/ports.ts';
import { ipv4Text, ipv6Text } from './ip-text.ts';

/** Every address a name resolves to, in the order to try them. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, order: 'verbatim' })).map((a) => a.address);

export const EMPTY_DESTINATION_MAP: DestinationMap = { version: 'empty', applications: [] };

export type Verdict =
  | {
      kind: 'decided';
      enforcement: Enforcement;
      /** Where to connect (an IP address); set unless denied. */
      address?: string;
      /** Set when the resolved address, not the unlisted name, decided. */
      decidedByAddress?: string;
    }
  | { kind: 'unresolved'; error: string };

export class DestinationPolicy {
  readonly #now: () => number;
  readonly #resolve: Resolver;
  readonly #resolveTimeoutMs: number;
  #enforcer: EntitlementEnforcer;
  #map: DestinationMap = EMPTY_DESTINATION_MAP;
  #entitlements: Entitlements | null = null;
  #names = new Map<string, string>();
  #extraNames: ReadonlyMap<string, string> = new Map();
  /** Bumped on every change, so a decision that awaited DNS across a change is taken again. */
  generation = 0;

  constructor(options: { now: () => number; resolve: Resolver; resolveTimeoutMs: number }) {
    this.#now = options.now;
    this.#resolve = options.resolve;
    this.#resolveTimeoutMs = options.resolveTimeoutMs;
    this.#enforcer = createEntitlementEnforcer(EMPTY_DESTINATION_MAP, null);
  }

  set(map: DestinationMap, entitlements: Entitlements | null): void {
    this.#enforcer = createEntitlementEnforcer(map, entitlements);
    this.#map = map;
    this.#entitlements = entitlements;
    this.#names = new Map(entitlements?.applications.map((a) => [a.id, a.name]));
    this.generation++;
  }

  /** Names of applications the entitlements do not carry (denied ones), for the denied page. */
  setApplicationNames(names: ReadonlyMap<string, string>): void {
    this.#extraNames = new Map(names);
  }

  get map(): DestinationMap {
    return this.#map;
  }

  get entitlements(): Entitlements | null {
    return this.#entitlements;
  }

  appName(appId: string | undefined): string | undefined {
    return appId === undefined
      ? undefined
      : (this.#names.get(appId) ?? this.#extraNames.get(appId));
  }

  /** Synchronous: with the address already known (a literal, or the one a tunnel connected to). */
  check(
    host: string,
    port: number,
    protocol: DestinationProtocol,
    address: string | undefined,
  ): { enforcement: Enforcement; decidedByAddress?: string } {
    const now = this.#now();
    const byName = this.#enforcer.check(host, port, protocol, now);
    if (byName.kind !== 'direct' || address === undefined || literalAddress(host) !== undefined) {
      return { enforcement: byName };
    }
    const byAddress = this.#enforcer.check(address, port, protocol, now);
    return byAddress.kind === 'direct'
      ? { enforcement: byName }
      : { enforcement: byAddress, decidedByAddress: address };
  }

  async decide(host: string, port: number, protocol: DestinationProtocol): Promise<Verdict> {
    const first = this.#enforcer.check(host, port, protocol, this.#now());
    if (first.kind === 'deny') return { kind: 'decided', enforcement: first };
    const literal = literalAddress(host);
    if (literal !== undefined) return { kind: 'decided', enforcement: first, address: literal };
    const generation = this.generation;
    let address: string | undefined;
    try {
      address = (await this.#resolveBounded(normalizedName(host)))[0];
    } catch (error) {
      return { kind: 'unresolved', error: (error as Error).message };
    }
    if (address === undefined) return { kind: 'unresolved', error: 'no address' };
    // Checked again when the documents changed while DNS was answering.
    const checked =
      generation === this.generation && first.kind === 'allow'
        ? { enforcement: first }
        : this.check(host, port, protocol, address);
    return checked.enforcement.kind === 'deny'
      ? { kind: 'decided', ...checked }
      : { kind: 'decided', ...checked, address };
  }

  async #resolveBounded(name: string): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('name resolution timed out')),
        this.#resolveTimeoutMs,
      );
    });
    try {
      return await Promise.race([this.#resolve(name), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The IP address a host literal stands for, in a form sockets accept; undefined for names. */
export function literalAddress(host: string): string | undefined {
  const d = normalizeDestinationHost(host);
  if (d === undefined || d.kind === 'name') return undefined;
  return d.kind === 'v4' ? ipv4Text(d.ip) : ipv6Text(d.ip);
}

function normalizedName(host: string): string {
  const d = normalizeDestinationHost(host);
  return d?.kind === 'name' ? d.host : host;
}
