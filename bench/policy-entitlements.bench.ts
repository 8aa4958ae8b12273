// Entitlements of every user after a policy change, on one core, in the world (1,000
// policies, 5,000 departments of depth 10, 100,000 users): what the control plane does when an
// admin saves a policy. Method: compile once and warm up on 5,000 users (JIT), then change one
// policy (a new priority and subjects), and time compile (parse + tables) and the entitlements
// of all 100,000 users (documents built, versions hashed) with performance.now() and, for the
// same span, process.cpuUsage().
import type { Bench, Figure } from './lib/figure.ts';
import { rssSampler } from './lib/stats.ts';
import { buildPolicyWorld, randomContext } from './policy-world.ts';
import { compilePolicies, type PolicyInput } from '../shared/domain/policy/index.ts';

const bench: Bench = {
  name: 'policy-entitlements',
  description: 'Entitlements of all 100,000 users after a policy change (compile + compute)',
  async run() {
    const world = buildPolicyWorld(2);
    const ctx = randomContext(world.rng);
    const warm = compilePolicies(world.input);
    for (let i = 0; i < 5000; i++) warm.entitlementsFor(world.users[i]!, ctx);

    const policies = [...(world.input.policies ?? [])] as PolicyInput[];
    policies[17] = {
      ...policies[17]!,
      priority: 5,
      subjects: { departments: [{ id: 'od-3', include_sub_departments: true }] },
    };
    const changed = { ...world.input, policies };

    const sampler = rssSampler();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const compiled = compilePolicies(changed);
    const t1 = performance.now();
    let apps = 0;
    let denied = 0;
    const versions = new Set<string>();
    for (const user of world.users) {
      const e = compiled.entitlementsFor(user, ctx);
      apps += e.applications.length;
      denied += e.denied.length;
      versions.add(e.version);
    }
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const peak = sampler.stop();
    const n = world.users.length;
    const figures: Figure[] = [
      { metric: 'compile_ms', value: t1 - t0, unit: 'ms', n: 1 },
      { metric: 'entitlements_all_users', value: (t2 - t1) / 1000, unit: 's', n },
      { metric: 'change_to_all_entitlements', value: (t2 - t0) / 1000, unit: 's', n },
      // CPU time of the same span: what one core needs when the machine is shared.
      { metric: 'change_to_all_cpu', value: (cpu.user + cpu.system) / 1e6, unit: 's', n },
      { metric: 'per_user', value: ((t2 - t1) * 1000) / n, unit: 'us', n },
      { metric: 'apps_per_user', value: apps / n, unit: 'count', n },
      { metric: 'explicit_denies_per_user', value: denied / n, unit: 'count', n },
      { metric: 'distinct_versions', value: versions.size, unit: 'count', n },
      { metric: 'peak_rss', value: peak, unit: 'MiB', n: 1 },
    ];
    return figures;
  },
};
export default bench;
