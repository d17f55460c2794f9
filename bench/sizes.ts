/**
 * Benchmarks over sizes of history that take long at the largest ones: which sizes this run
 * measures (SHEQU_BENCH_SIZES=10000,1000000, or every size up to SHEQU_BENCH_HISTORY_MAX), and the
 * figures of the sizes it does not, kept from the results file of an earlier run with a note
 * saying which run they came from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResult } from './types.ts';

/** The sizes to run: those listed in SHEQU_BENCH_SIZES, else every size up to `defaultMax` (or SHEQU_BENCH_HISTORY_MAX). */
export function selectedSizes(all: readonly number[], defaultMax: number): number[] {
  const listed = process.env.SHEQU_BENCH_SIZES;
  if (listed) {
    const wanted = listed.split(',').map((s) => Number(s.trim()));
    const unknown = wanted.filter((n) => !all.includes(n));
    if (unknown.length > 0) throw new Error(`SHEQU_BENCH_SIZES: no such size ${unknown} (sizes: ${all})`);
    return all.filter((n) => wanted.includes(n));
  }
  const max = Number(process.env.SHEQU_BENCH_HISTORY_MAX ?? defaultMax);
  return all.filter((n) => n <= max);
}

/** The size a figure is of (`open_ms@1000000`, `open_ms@5000000_over_10000`), or null. */
const sizeOf = (key: string): number | null => {
  const m = /@(\d+)(?:_|$)/.exec(key);
  return m ? Number(m[1]) : null;
};

interface EarlierRecord extends BenchResult {
  date?: string;
}

/**
 * The result with the figures of every size not run this time copied from the earlier results
 * file (bench/results/<name>.json), `measuredAt` saying when each size was measured, and a note.
 */
export function keepEarlierSizes(result: BenchResult, sizesRun: readonly number[]): BenchResult {
  const now = new Date().toISOString();
  const measuredAt: Record<string, string> = Object.fromEntries(sizesRun.map((n) => [String(n), now]));
  let earlier: EarlierRecord | null = null;
  try {
    earlier = JSON.parse(
      readFileSync(join(import.meta.dirname, 'results', `${result.name}.json`), 'utf8'),
    ) as EarlierRecord;
  } catch {
    earlier = null;
  }
  const metrics = { ...result.metrics };
  const anchor = { ...result.anchor };
  const ratio = { ...(result.ratio ?? {}) };
  const copy = (from: Record<string, number> | undefined, to: Record<string, number>) => {
    for (const [key, value] of Object.entries(from ?? {})) {
      const size = sizeOf(key);
      if (size === null || sizesRun.includes(size) || key in to) continue;
      to[key] = value;
      measuredAt[String(size)] = earlier?.measuredAt?.[String(size)] ?? earlier?.date ?? 'an earlier run';
    }
  };
  copy(earlier?.metrics, metrics);
  copy(earlier?.anchor, anchor);
  copy(earlier?.ratio, ratio);
  const kept = Object.keys(measuredAt).filter((n) => !sizesRun.includes(Number(n)));
  const note =
    kept.length === 0
      ? ''
      : `\nSizes from earlier runs (not measured in this one, which ran @${sizesRun.join(', @')}): ${kept
          .map((n) => `@${n} on ${measuredAt[n]}`)
          .join('; ')}; see measuredAt.`;
  return { ...result, metrics, anchor, ratio, measuredAt, notes: `${result.notes ?? ''}${note}` };
}
