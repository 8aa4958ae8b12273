// How long generating the 100k-user / 5k-department org takes, and the memory it holds.
import { SandboxClock } from '../sandbox/clock.ts';
import { OrgStore } from '../sandbox/org/org-store.ts';
import { buildWorld } from '../sandbox/org/world.ts';
import type { Bench, Figure } from './lib/figure.ts';
import { rssSampler } from './lib/stats.ts';

const bench: Bench = {
  name: 'org-generate',
  description: 'Sandbox org generator: the large preset (100,000 users, 5,000 departments)',
  async run(args) {
    const preset = (args[0] ?? 'large') as 'large';
    const rssBefore = process.memoryUsage.rss() / 2 ** 20;
    const sampler = rssSampler();
    const t0 = performance.now();
    const store = new OrgStore(new SandboxClock());
    await buildWorld(store, preset, 1);
    const ms = performance.now() - t0;
    const peak = sampler.stop();
    let depth = 0;
    for (const d of store.departments.values())
      depth = Math.max(depth, store.ancestorsOf(d.key).length);
    const figures: Figure[] = [
      { metric: 'generate_wall', value: ms / 1000, unit: 's', n: store.users.size },
      { metric: 'users', value: store.users.size, unit: 'count', n: 1 },
      { metric: 'departments', value: store.departments.size, unit: 'count', n: 1 },
      { metric: 'max_depth', value: depth, unit: 'levels', n: store.departments.size },
      { metric: 'peak_rss', value: peak, unit: 'MiB', n: 1 },
      { metric: 'rss_growth', value: peak - rssBefore, unit: 'MiB', n: 1 },
    ];
    return figures;
  },
};
export default bench;
