/**
 * Appliance memory (RSS) after a simulated day of 2,000 tickets and 300 cases, in a process of its
 * own started as `shequ start` starts it (bin/shequ.mjs: V8's young generation capped with
 * --max-semi-space-size=1, MALLOC_ARENA_MAX=2). Anchor, in the same run: the same child with
 * node's defaults, which is where the RSS used to go: V8 keeps the young generation it grew to
 * (up to 3 × 16 MiB semi-spaces) while tsx compiled every source at start, and glibc keeps an
 * arena per thread. Also the same appliance freshly opened on an empty store.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type BenchResult, round } from '../../bench/types.ts';

const child = fileURLToPath(new URL('./day-memory-child.ts', import.meta.url));
/** What bin/shequ.mjs runs the appliance with (its shebang line). */
export const APPLIANCE_NODE_FLAGS = ['--max-semi-space-size=1'];
export const APPLIANCE_ENV = { MALLOC_ARENA_MAX: '2' };

interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}
interface Run {
  empty: Memory;
  day: Memory;
  seconds: number;
  cases: number;
  tickets: number;
}

function run(flags: string[], env: Record<string, string>): Run {
  const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', '--expose-gc', child], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`the day failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Run;
}

export async function bench(): Promise<BenchResult> {
  const ours = run(APPLIANCE_NODE_FLAGS, APPLIANCE_ENV);
  const stock = run([], {});
  return {
    name: 'appliance-day-memory',
    metrics: {
      rss_mb_after_day: round(ours.day.rss, 1),
      rss_mb_empty: round(ours.empty.rss, 1),
      heap_used_mb_after_day: round(ours.day.heapUsed, 1),
      heap_total_mb_after_day: round(ours.day.heapTotal, 1),
      external_mb_after_day: round(ours.day.external, 1),
      array_buffers_mb_after_day: round(ours.day.arrayBuffers, 1),
      tickets: ours.tickets,
      cases: ours.cases,
      day_simulated_in_s: round(ours.seconds, 1),
    },
    anchor: {
      rss_mb_after_day: round(stock.day.rss, 1),
      rss_mb_empty: round(stock.empty.rss, 1),
      heap_used_mb_after_day: round(stock.day.heapUsed, 1),
      heap_total_mb_after_day: round(stock.day.heapTotal, 1),
      day_simulated_in_s: round(stock.seconds, 1),
    },
    ratio: {
      rss_mb_after_day: round(stock.day.rss / ours.day.rss, 2),
      day_simulated_in_s: round(stock.seconds / ours.seconds, 2),
    },
    notes:
      'shequ: the appliance (no embedded central) in its own process with the flags bin/shequ.mjs starts it with; anchor: the same process with node defaults. RSS after issuing, calling and (for 300) accepting cases on 2,000 tickets, and freshly opened on an empty store. ratio = anchor/shequ.',
  };
}
