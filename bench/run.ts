// `npm run bench -- NAME [args]` runs one bench and prints one JSON line per figure on stdout,
// then a readable summary on stderr. `--list` names them; `--save` also appends the lines to
// bench/results/NAME.jsonl, from which the README's Performance section is written.
import { appendFileSync, mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machine, toJsonLine, type Bench } from './lib/figure.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

async function loadBenches(): Promise<Map<string, Bench>> {
  const out = new Map<string, Bench>();
  for (const file of readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()) {
    const mod = (await import(new URL(file, import.meta.url).href)) as { default: Bench };
    out.set(mod.default.name, mod.default);
  }
  return out;
}

const argv = process.argv.slice(2);
const save = argv.includes('--save');
const args = argv.filter((a) => a !== '--save');
const benches = await loadBenches();

if (args.length === 0 || args[0] === '--list') {
  for (const b of benches.values()) console.log(`${b.name.padEnd(28)} ${b.description}`);
  process.exit(args.length === 0 ? 2 : 0);
}

const [name, ...rest] = args;
const bench = benches.get(name ?? '');
if (!bench) {
  console.error(`unknown bench "${name}"; --list shows them`);
  process.exit(2);
}
const figures = await bench.run(rest);
const lines = figures.map((f) => toJsonLine(bench.name, f));
for (const line of lines) console.log(line);
if (save) {
  mkdirSync(new URL('results/', import.meta.url), { recursive: true });
  appendFileSync(new URL(`results/${bench.name}.jsonl`, import.meta.url), lines.join('\n') + '\n');
}
console.error(`\n${bench.name}: ${bench.description}`);
console.error(
  `machine: ${machine.cpus} x ${machine.cpu_model}, ${machine.mem_gib} GiB, Node ${machine.node}`,
);
for (const f of figures)
  console.error(
    `  ${f.metric.padEnd(32)} ${String(f.value.toFixed(2)).padStart(12)} ${f.unit} (n=${f.n})`,
  );
