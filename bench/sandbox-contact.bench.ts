// Throughput of the sandbox's contact API on loopback (no rate limits), so later sync figures
// can be read against it: a mix of children and find_by_department pages over the large org.
import type { Bench } from './lib/figure.ts';
import { rssOfPid, startSandboxProcess } from './lib/sandbox-process.ts';
import { boundedLoad, percentile } from './lib/stats.ts';

interface Page<T> {
  code: number;
  data?: { items?: T[]; has_more: boolean; page_token?: string };
}

const bench: Bench = {
  name: 'sandbox-contact',
  description: 'Sandbox contact v3 throughput on loopback, large org, 16 concurrent clients',
  async run(args) {
    const org = args[0] ?? 'large';
    const sb = await startSandboxProcess(['--org', org, '--no-rate-limits']);
    try {
      const app = sb.info.apps.find((a) => a.brand === 'feishu')!;
      const base = sb.info.brands.feishu;
      const tokenRes = (await (
        await fetch(`${base}/open-apis/auth/v3/tenant_access_token/internal`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ app_id: app.app_id, app_secret: app.app_secret }),
        })
      ).json()) as { tenant_access_token: string };
      const auth = { authorization: `Bearer ${tokenRes.tenant_access_token}` };
      const get = async <T>(path: string): Promise<Page<T>> => {
        const res = await fetch(`${base}${path}`, { headers: auth });
        const body = (await res.json()) as Page<T>;
        if (res.status !== 200 || body.code !== 0) throw new Error(`${res.status} ${body.code}`);
        return body;
      };
      // Every department id, paged as a full sync would.
      const deptIds: string[] = [];
      let token: string | undefined;
      do {
        const q = new URLSearchParams({ fetch_child: 'true', page_size: '50' });
        if (token) q.set('page_token', token);
        const page = await get<{ open_department_id: string }>(
          `/open-apis/contact/v3/departments/0/children?${q}`,
        );
        for (const d of page.data?.items ?? []) deptIds.push(d.open_department_id);
        token = page.data?.has_more ? page.data.page_token : undefined;
      } while (token && deptIds.length < 100_000);

      const result = await boundedLoad(
        async (i) => {
          const dept = deptIds[i % deptIds.length]!;
          if (i % 4 === 0)
            await get(`/open-apis/contact/v3/departments/${dept}/children?page_size=50`);
          else
            await get(
              `/open-apis/contact/v3/users/find_by_department?department_id=${dept}&page_size=50`,
            );
        },
        { concurrency: 16, maxOps: 40_000, maxMs: 15_000 },
      );
      const n = result.latenciesMs.length;
      const rss = sb.child.pid ? await rssOfPid(sb.child.pid) : Number.NaN;
      return [
        { metric: 'requests_per_s', value: n / (result.wallMs / 1000), unit: 'req/s', n },
        { metric: 'latency_p50', value: percentile(result.latenciesMs, 50), unit: 'ms', n },
        { metric: 'latency_p99', value: percentile(result.latenciesMs, 99), unit: 'ms', n },
        { metric: 'errors', value: result.errors, unit: 'count', n: n + result.errors },
        { metric: 'sandbox_rss', value: rss, unit: 'MiB', n: 1 },
      ];
    } finally {
      await sb.stop();
    }
  },
};
export default bench;
