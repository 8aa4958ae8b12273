// The compiled evaluator against the naive reference on random orgs, attributes, policies,
// instants and destinations. fast-check draws the world's shape and seed (and shrinks them on a
// failure); a seeded PRNG draws the bulk cases inside each world, which keeps 100,000 decisions
// within a few seconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compilePolicies,
  createEntitlementEnforcer,
  type PolicySetInput,
} from '../../../shared/domain/policy/index.ts';
import { naiveDecide, naiveDecideDestination } from './naive-reference.ts';
import {
  DEST_PORTS,
  DEST_PROTOCOLS,
  DESTINATIONS,
  makeWorld,
  mulberry32,
  randomContext,
  randomUser,
  type Rng,
} from './random-world.ts';

const shape = (maxDepartments: number, maxApps: number, maxPolicies: number) =>
  fc.record({
    departments: fc.integer({ min: 1, max: maxDepartments }),
    maxDepth: fc.integer({ min: 1, max: 10 }),
    applications: fc.integer({ min: 1, max: maxApps }),
    policies: fc.integer({ min: 0, max: maxPolicies }),
  });

const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

function compareDecisions(set: PolicySetInput, rng: Rng, cases: number): number {
  const c = compilePolicies(set);
  const appIds = (set.applications ?? []).map((a) => a.id).concat('missing-app');
  for (let i = 0; i < cases; i++) {
    const user = randomUser(rng, set);
    const appId = appIds[Math.floor(rng() * appIds.length)]!;
    const ctx = randomContext(rng);
    const got = c.decide(user, appId, ctx);
    const want = naiveDecide(set, user, appId, ctx);
    if (
      got.decision !== want.decision ||
      got.reason !== want.reason ||
      got.policyId !== want.policyId
    ) {
      expect({ user, appId, ctx, got }).toEqual({ user, appId, ctx, got: want });
    }
  }
  return cases;
}

describe('compiled evaluator vs the naive reference', () => {
  it('agree on small worlds (fast-check shrinks a failure to a small one)', () => {
    fc.assert(
      fc.property(seedArb, shape(12, 4, 8), (seed, s) => {
        const rng = mulberry32(seed);
        compareDecisions(makeWorld(rng, s), rng, 40);
      }),
      { numRuns: 250 },
    );
  });

  it('agree on 100,000 random decisions over 50 random orgs of depth up to 10', () => {
    let total = 0;
    let deepest = 0;
    fc.assert(
      fc.property(seedArb, shape(400, 30, 120), (seed, s) => {
        const rng = mulberry32(seed);
        const world = makeWorld(rng, { ...s, maxDepth: Math.max(s.maxDepth, 6) });
        deepest = Math.max(deepest, depthOf(world));
        total += compareDecisions(world, rng, 2000);
      }),
      // A fixed seed: the 100,000 cases are the same on every run, and known to reach depth 10
      // (a random seed reaches it only most of the time).
      { numRuns: 50, seed: 20261122 },
    );
    expect(total).toBe(100_000);
    expect(deepest).toBe(10);
  });

  it('agree on destination decisions (most specific applications, ties fail closed)', () => {
    fc.assert(
      fc.property(seedArb, shape(40, 12, 30), (seed, s) => {
        const rng = mulberry32(seed);
        const set = makeWorld(rng, s);
        const c = compilePolicies(set);
        for (let i = 0; i < 400; i++) {
          const user = randomUser(rng, set);
          const host = DESTINATIONS[Math.floor(rng() * DESTINATIONS.length)]!;
          const port = DEST_PORTS[Math.floor(rng() * DEST_PORTS.length)]!;
          const proto = DEST_PROTOCOLS[Math.floor(rng() * DEST_PROTOCOLS.length)]!;
          const ctx = randomContext(rng);
          const got = c.decideDestination(user, host, port, proto, ctx);
          const want = naiveDecideDestination(set, user, host, port, proto, ctx);
          expect({
            host,
            port,
            proto,
            d: got.decision,
            r: got.reason,
            p: got.policyId,
            a: got.appId,
          }).toEqual({
            host,
            port,
            proto,
            d: want.decision,
            r: want.reason,
            p: want.policyId,
            a: want.appId,
          });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('entitlements list exactly the allowed applications and stay valid until valid_until', () => {
    fc.assert(
      fc.property(seedArb, shape(60, 12, 30), (seed, s) => {
        const rng = mulberry32(seed);
        const set = makeWorld(rng, s);
        const c = compilePolicies(set);
        const apps = (set.applications ?? []).map((a) => a.id).sort();
        for (let i = 0; i < 40; i++) {
          const user = randomUser(rng, set);
          const ctx = randomContext(rng);
          const e = c.entitlementsFor(user, ctx);
          const naive = apps.map((id) => naiveDecide(set, user, id, ctx));
          expect(e.applications.map((a) => a.id)).toEqual(
            apps.filter((_, k) => naive[k]!.decision === 'allow'),
          );
          expect(e.denied.map((d) => d.app_id)).toEqual(
            apps.filter((_, k) => naive[k]!.reason === 'matched_deny'),
          );
          if (e.valid_until !== null) {
            expect(e.valid_until).toBeGreaterThan(ctx.time);
            const before = c.entitlementsFor(user, { ...ctx, time: e.valid_until - 1 });
            expect(before.version).toBe(e.version);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the client enforcer agrees with the control plane on every destination', () => {
    fc.assert(
      fc.property(seedArb, shape(30, 10, 25), (seed, s) => {
        const rng = mulberry32(seed);
        const set = makeWorld(rng, s);
        const c = compilePolicies(set);
        const map = c.destinationMap();
        for (let i = 0; i < 10; i++) {
          const user = randomUser(rng, set);
          const ctx = randomContext(rng);
          const enforcer = createEntitlementEnforcer(map, c.entitlementsFor(user, ctx));
          for (const host of DESTINATIONS) {
            const port = DEST_PORTS[Math.floor(rng() * DEST_PORTS.length)]!;
            const proto = DEST_PROTOCOLS[Math.floor(rng() * DEST_PROTOCOLS.length)]!;
            const server = c.decideDestination(user, host, port, proto, ctx);
            const client = enforcer.check(host, port, proto, ctx.time);
            if (server.reason === 'no_application') expect(client).toEqual({ kind: 'direct' });
            else {
              expect(client).toMatchObject({
                kind: server.decision,
                reason: server.reason,
                appId: server.appId,
                appIds: server.appIds,
              });
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});

function depthOf(set: PolicySetInput): number {
  const parent = new Map((set.departments ?? []).map((d) => [d.id, d.parent_id ?? null]));
  let max = 0;
  for (const id of parent.keys()) {
    let d = 0;
    for (let cur = parent.get(id); cur; cur = parent.get(cur)) d++;
    max = Math.max(max, d);
  }
  return max;
}
