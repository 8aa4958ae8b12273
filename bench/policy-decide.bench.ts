// One policy decision (user x application, and user x destination) on one core, in the issue's
// world (1,000 policies, 5,000 departments of depth 10, 100,000 users).
// Method: a single decision takes well under a microsecond, below what performance.now()
// resolves reliably, so decisions run in batches of 1,000 random (user, application, instant,
// platform) cases picked in advance; each batch is timed and divided by 1,000. p50/p99 are over
// the batches, throughput is all decisions over the total timed wall time (and over the CPU time
// process.cpuUsage() reports, which a busy machine disturbs less). A warm-up of 200,000
// decisions runs first (JIT), and a count of the answers keeps the work from being elided.
import type { Bench, Figure } from './lib/figure.ts';
import { percentile } from './lib/stats.ts';
import { buildPolicyWorld, randomContext } from './policy-world.ts';
import { compilePolicies, type DecisionContext } from '../shared/domain/policy/index.ts';

const BATCH = 1000;

const bench: Bench = {
  name: 'policy-decide',
  description: 'Policy decision: p50 per decision and decisions/s on one core (issue 6 world)',
  async run(args) {
    const batches = Number(args[0] ?? 2000);
    const world = buildPolicyWorld(1);
    const t0 = performance.now();
    const compiled = compilePolicies(world.input);
    const compileMs = performance.now() - t0;
    const { rng, users, appIds, hosts } = world;

    const N = 100_000; // distinct cases, cycled through
    const caseUser = new Int32Array(N);
    const caseApp = new Int32Array(N);
    const ctxs: DecisionContext[] = [];
    for (let i = 0; i < N; i++) {
      caseUser[i] = Math.floor(rng() * users.length);
      caseApp[i] = Math.floor(rng() * appIds.length);
      ctxs.push(randomContext(rng));
    }

    let allows = 0;
    const runBatch = (start: number): number => {
      const t = performance.now();
      for (let k = 0; k < BATCH; k++) {
        const i = (start + k) % N;
        const d = compiled.decide(users[caseUser[i]!]!, appIds[caseApp[i]!]!, ctxs[i]!);
        if (d.decision === 'allow') allows++;
      }
      return performance.now() - t;
    };
    for (let b = 0; b < 200; b++) runBatch(b * BATCH);

    const perDecisionUs: number[] = [];
    let totalMs = 0;
    const cpu0 = process.cpuUsage();
    for (let b = 0; b < batches; b++) {
      const ms = runBatch(b * BATCH);
      totalMs += ms;
      perDecisionUs.push((ms * 1000) / BATCH);
    }
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    perDecisionUs.sort((a, b) => a - b);
    const decisions = batches * BATCH;

    // Destinations: host/IP + port through the address index, then the decision.
    const destUs: number[] = [];
    let destTotal = 0;
    const destBatches = Math.max(100, batches / 4);
    for (let b = 0; b < destBatches + 50; b++) {
      const t = performance.now();
      for (let k = 0; k < BATCH; k++) {
        const i = (b * BATCH + k) % N;
        const h = hosts[caseApp[i]!]!;
        const d = compiled.decideDestination(
          users[caseUser[i]!]!,
          h.host,
          h.port,
          'https',
          ctxs[i]!,
        );
        if (d.decision === 'allow') allows++;
      }
      const ms = performance.now() - t;
      if (b < 50) continue; // warm-up
      destTotal += ms;
      destUs.push((ms * 1000) / BATCH);
    }
    destUs.sort((a, b) => a - b);

    const figures: Figure[] = [
      { metric: 'compile_ms', value: compileMs, unit: 'ms', n: 1 },
      { metric: 'decide_p50', value: percentile(perDecisionUs, 50), unit: 'us', n: batches },
      { metric: 'decide_p99', value: percentile(perDecisionUs, 99), unit: 'us', n: batches },
      { metric: 'decide_per_s', value: decisions / (totalMs / 1000), unit: 'ops/s', n: decisions },
      // Per second of this process's CPU time: what one core does when the machine is shared.
      { metric: 'decide_per_cpu_s', value: decisions / cpuSeconds, unit: 'ops/s', n: decisions },
      { metric: 'destination_p50', value: percentile(destUs, 50), unit: 'us', n: destUs.length },
      {
        metric: 'destination_per_s',
        value: (destUs.length * BATCH) / (destTotal / 1000),
        unit: 'ops/s',
        n: destUs.length * BATCH,
      },
      {
        metric: 'allow_share',
        value: allows / (decisions + (destBatches + 250) * BATCH),
        unit: 'ratio',
        n: 1,
      },
    ];
    return figures;
  },
};
export default bench;
