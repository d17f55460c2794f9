import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchResult } from '../bench/types.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: bench-one.ts FILE');
const mod = (await import(resolve(file))) as { bench: () => Promise<BenchResult> };
const started = Date.now();
const result = await mod.bench();
const dir = join(import.meta.dirname, '..', 'bench', 'results');
mkdirSync(dir, { recursive: true });
const record = { ...result, file, date: new Date().toISOString(), seconds: (Date.now() - started) / 1000 };
writeFileSync(join(dir, `${result.name}.json`), `${JSON.stringify(record, null, 2)}\n`);
const rows = Object.keys({ ...result.metrics, ...result.anchor });
process.stdout.write(`\n== ${result.name} (${file})\n`);
for (const key of rows) {
  const m = result.metrics[key];
  const a = result.anchor[key];
  const r = result.ratio?.[key];
  process.stdout.write(
    `  ${key.padEnd(34)} shequ ${m === undefined ? '-' : m}`.padEnd(56) +
      `anchor ${a === undefined ? '-' : a}`.padEnd(24) +
      (r === undefined ? '' : `ratio ${r}`) +
      '\n',
  );
}
if (result.notes) process.stdout.write(`  ${result.notes}\n`);
