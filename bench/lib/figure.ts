// One measured figure, printed as a JSON line with the machine it came from.
import { cpus, totalmem } from 'node:os';

export interface Figure {
  metric: string;
  value: number;
  unit: string;
  /** How many samples or operations the figure is computed from. */
  n: number;
}

export interface Bench {
  name: string;
  description: string;
  run(args: string[]): Promise<Figure[]>;
}

const cpuList = cpus();
export const machine = {
  node: process.version,
  cpus: cpuList.length,
  cpu_model: cpuList[0]?.model.trim() ?? 'unknown',
  mem_gib: Math.round(totalmem() / 2 ** 30),
  platform: `${process.platform}-${process.arch}`,
};

export function toJsonLine(bench: string, f: Figure): string {
  return JSON.stringify({
    bench,
    metric: f.metric,
    value: Number(f.value.toFixed(f.value >= 100 ? 1 : 3)),
    unit: f.unit,
    n: f.n,
    node: machine.node,
    cpus: machine.cpus,
    cpu_model: machine.cpu_model,
    mem_gib: machine.mem_gib,
    at: new Date().toISOString(),
  });
}
