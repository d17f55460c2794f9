/**
 * Open time and RSS of a store holding 10k and 100k historical commits (1M and 5M with
 * SHEQU_BENCH_HISTORY_MAX=5000000, or the sizes listed in SHEQU_BENCH_SIZES=10000,1000000; the
 * figures of sizes not run are kept from the earlier results, bench/sizes.ts), each opened in a
 * fresh process, and at 1M (or the largest size run, and 5M) the p95 of a month report and of
 * person lookups into past days, beside their anchors. The history is
 * written in the form the appliance writes (store-history-gen.ts): archived days through
 * compaction's writer, the day before today through the log and Store.compact, today's 2,000
 * commits in log segments. Anchor: the same commits left in log segments and replayed whole at
 * open, as the store did before compaction, at the sizes where that fits (up to 1M).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keepEarlierSizes, selectedSizes } from '../../bench/sizes.ts';
import { type BenchResult, round } from '../../bench/types.ts';
import { TODAY_COMMITS, writeHistory, writeSegments } from './store-history-gen.ts';

const SIZES = selectedSizes([10_000, 100_000, 1_000_000, 5_000_000], 100_000);
const ANCHOR_MAX = 1_000_000;
const opener = fileURLToPath(new URL('./store-history-open.ts', import.meta.url));

interface Opened {
  openMs: number;
  rssMb: number;
  tickets: number;
  monthP95Ms?: number;
  monthServed?: number;
  lookupP95Ms?: number;
  lookupFound?: number;
  lookupShardsP95Ms?: number;
  monthFromFactsP95Ms?: number;
  scanMs?: number;
  scanFound?: number;
}

function openInFreshProcess(dir: string, reads?: { month: string; scan: boolean }): Opened {
  const args = reads ? [reads.month, ...(reads.scan ? ['scan'] : [])] : [];
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', '--max-old-space-size=8192', opener, dir, ...args],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`opening ${dir} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Opened;
}

export async function bench(): Promise<BenchResult> {
  const root = await mkdtemp(join(tmpdir(), 'shequ-bench-history-'));
  const metrics: Record<string, number> = {};
  const anchor: Record<string, number> = {};
  const ratio: Record<string, number> = {};
  // Reads at 1M (with the anchors) and at every larger size; at the largest one when below 1M.
  const readsAt = (size: number) => size >= 1_000_000 || size === SIZES.at(-1);
  try {
    for (const size of SIZES) {
      const dir = join(root, `compacted-${size}`);
      const t0 = performance.now();
      await writeHistory(dir, size);
      metrics[`generate_s@${size}`] = round((performance.now() - t0) / 1000, 1);
      // The generated gigabyte written back first: open and reads measure the store, not the
      // writeback of the bench's own writes (the appliance never opens right after writing 1 GB).
      spawnSync('sync');
      // A full month before the last archived one when there is one (January otherwise).
      const month = size >= 1_000_000 ? '2026-02' : '2026-01';
      const ours = openInFreshProcess(dir, readsAt(size) ? { month, scan: size <= ANCHOR_MAX } : undefined);
      if (ours.tickets !== Math.min(size, TODAY_COMMITS))
        throw new Error(`store of ${size} opened with ${ours.tickets} live tickets`);
      metrics[`open_ms@${size}`] = round(ours.openMs, 0);
      metrics[`rss_mb@${size}`] = round(ours.rssMb, 1);
      if (ours.monthP95Ms !== undefined) {
        metrics[`month_report_p95_ms@${size}`] = round(ours.monthP95Ms, 1);
        metrics[`month_report_tickets_served@${size}`] = ours.monthServed ?? 0;
        metrics[`person_lookup_p95_ms@${size}`] = round(ours.lookupP95Ms ?? 0, 1);
        metrics[`person_lookup_records_found@${size}`] = ours.lookupFound ?? 0;
        anchor[`person_lookup_p95_ms@${size}`] = round(ours.lookupShardsP95Ms ?? 0, 1);
        ratio[`person_lookup_p95_ms@${size}`] = round(
          (ours.lookupShardsP95Ms ?? 0) / (ours.lookupP95Ms ?? 1),
          1,
        );
        anchor[`month_report_p95_ms@${size}`] = round(ours.monthFromFactsP95Ms ?? 0, 1);
        ratio[`month_report_p95_ms@${size}`] = round((ours.monthFromFactsP95Ms ?? 0) / ours.monthP95Ms, 2);
        if (ours.scanMs !== undefined) {
          anchor[`person_lookup_ms@${size}`] = round(ours.scanMs, 0);
          anchor[`person_lookup_records_found@${size}`] = ours.scanFound ?? 0;
          ratio[`person_lookup_ms@${size}`] = round(ours.scanMs / (ours.lookupP95Ms ?? 1), 1);
        }
      }
      rmSync(dir, { recursive: true, force: true });
      if (size > ANCHOR_MAX) continue;
      const full = join(root, `full-${size}`);
      await writeSegments(full, 0, size);
      const old = openInFreshProcess(full);
      anchor[`open_ms@${size}`] = round(old.openMs, 0);
      anchor[`rss_mb@${size}`] = round(old.rssMb, 1);
      ratio[`open_ms@${size}`] = round(old.openMs / ours.openMs, 2);
      ratio[`rss_mb@${size}`] = round(old.rssMb / ours.rssMb, 2);
      rmSync(full, { recursive: true, force: true });
    }
    const first = SIZES[0]!;
    const last = SIZES.at(-1)!;
    if (last !== first) {
      ratio[`open_ms@${last}_over_${first}`] = round(
        metrics[`open_ms@${last}`]! / metrics[`open_ms@${first}`]!,
        2,
      );
      ratio[`rss_mb@${last}_over_${first}`] = round(
        metrics[`rss_mb@${last}`]! / metrics[`rss_mb@${first}`]!,
        2,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return keepEarlierSizes(
    {
      name: 'store-history',
      metrics,
      anchor,
      ratio,
      notes:
        'shequ: open of a compacted store (live snapshot + today’s 2,000 commits in the log; history in the archive) in a fresh process; month report (day summaries) and person lookup (person index) p95 through the archive readers the appliance uses. anchor: the same commits left in the log and replayed whole at open (the store before compaction); month report added up ticket by ticket from the day facts (the reader before summaries); person lookup p95 through the per-month shards alone (the index before months were sealed into sorted files: every frame of one shard of every month read and parsed); person_lookup_ms by reading every archived day log (one sample; at ≤1M). The store is written back (sync) between generating and opening. ratio = anchor/shequ; *_over_* = largest size over smallest of the same run (flatness, goal ≤ 1.2).',
    },
    SIZES,
  );
}
