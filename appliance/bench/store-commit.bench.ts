/**
 * Durable commit latency of the appliance store with 1k, 10k and 100k commits of history (1M with
 * SHEQU_BENCH_HISTORY_MAX=1000000), written as the appliance writes it and compacted
 * (store-history-gen.ts), beside two anchors measured in the same run: stock lowdb's JSONFile
 * holding the same records, and the physical limit: a bare write + fdatasync of the same bytes,
 * appended to a file on the same disk, taken in turn with each commit so both see the same disk
 * and the same load. Also the bytes a commit writes beside the bytes of the commit itself. Goals:
 * flat (p99 at the largest history within 2× of p99 at 1k), median within 1.5× of the physical limit.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { keepEarlierSizes, selectedSizes } from '../../bench/sizes.ts';
import { type BenchResult, median, percentile, round } from '../../bench/types.ts';
import { sampleDraft } from '../../test/support/tx.ts';
import { encodeFrame } from '../store/frames.ts';
import type { Commit, TicketRecord } from '../store/records.ts';
import { Store } from '../store/store.ts';
import { writeHistory } from './store-history-gen.ts';

// SHEQU_BENCH_SIZES=1000,1000000 runs only those (the others' figures kept from the earlier run).
const SIZES = selectedSizes([1_000, 10_000, 100_000, 1_000_000], 100_000);
const SAMPLES = 200;
const STOCK_SAMPLES = 40;

function ticket(i: number): TicketRecord {
  return {
    kind: 'ticket',
    id: `T${String(i).padStart(10, '0')}`,
    day: '2026-11-27',
    serviceId: 'social-security',
    number: `A${String(i % 1000).padStart(3, '0')}`,
    ordinal: i,
    priority: i % 7 === 0,
    status: 'waiting',
    issuedAt: 1_780_000_000_000 + i,
    holder: {
      ref: 'x'.repeat(43),
      sealed: 'y'.repeat(120),
      maskedName: '张*',
      maskedNumber: '1101**********002X',
    },
  };
}

let lastCommit: Commit | null = null;

/** Commits on a store with `size` commits of history, each followed by a bare write + fdatasync of its bytes. */
async function latencies(dir: string, size: number): Promise<{ ours: number[]; physical: number[] }> {
  const storeDir = join(dir, `shequ-${size}`);
  await writeHistory(storeDir, size);
  // The generated history written back first (up to a gigabyte at 1M): commits then wait on the
  // disk as the appliance's do, not behind the writeback of the bench's own generation.
  spawnSync('sync');
  const store = await Store.open(storeDir);
  const handle = await open(join(dir, `physical-${size}.bin`), 'w');
  const ours: number[] = [];
  const physical: number[] = [];
  let at = 0;
  try {
    for (let s = 0; s < SAMPLES; s++) {
      const t0 = performance.now();
      lastCommit = await store.commit([ticket(size + s)], sampleDraft('ticket.issued', size + s));
      ours.push(performance.now() - t0);
      const bytes = encodeFrame(lastCommit);
      const t1 = performance.now();
      await handle.write(bytes, 0, bytes.length, at);
      await handle.datasync();
      physical.push(performance.now() - t1);
      at += bytes.length;
    }
  } finally {
    await handle.close();
    await store.close();
    rmSync(storeDir, { recursive: true, force: true });
  }
  return { ours, physical };
}

async function stockLatencies(dir: string, size: number, samples: number): Promise<number[]> {
  const db = new Low<{ tickets: TicketRecord[] }>(new JSONFile(join(dir, `stock-${size}.json`)), {
    tickets: [],
  });
  db.data.tickets = Array.from({ length: size }, (_, i) => ticket(i));
  await db.write();
  const out: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    db.data.tickets.push(ticket(size + s));
    await db.write();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function bench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'shequ-bench-store-'));
  const metrics: Record<string, number> = {};
  const anchor: Record<string, number> = {};
  const ratio: Record<string, number> = {};
  try {
    for (const size of SIZES) {
      const { ours, physical } = await latencies(dir, size);
      const stock =
        size <= 100_000 ? await stockLatencies(dir, size, size >= 100_000 ? 15 : STOCK_SAMPLES) : null;
      metrics[`median_ms@${size}`] = round(median(ours));
      metrics[`p99_ms@${size}`] = round(percentile(ours, 99));
      if (stock) {
        anchor[`median_ms@${size}`] = round(median(stock));
        anchor[`p99_ms@${size}`] = round(percentile(stock, 99));
        ratio[`median_ms@${size}`] = round(median(stock) / median(ours), 1);
      }
      anchor[`physical_median_ms@${size}`] = round(median(physical));
      anchor[`physical_p99_ms@${size}`] = round(percentile(physical, 99));
      ratio[`over_physical_median@${size}`] = round(median(ours) / median(physical), 2);
    }
    // A commit writes its frame (12 bytes of header + the commit's JSON); the minimum is the JSON.
    metrics.bytes_written_per_commit = encodeFrame(lastCommit).length;
    anchor.bytes_of_commit_json = Buffer.byteLength(JSON.stringify(lastCommit));
    anchor.stock_lowdb_bytes_per_commit_at_100k = Buffer.byteLength(
      JSON.stringify({ tickets: Array.from({ length: 100_000 }, (_, i) => ticket(i)) }),
    );
    // Flatness within this run only (the same load): the largest size run over 1k, when 1k ran.
    const largest = SIZES.at(-1)!;
    if (SIZES.includes(1_000) && largest !== 1_000)
      metrics[`p99_flatness_${largest}_over_1000`] = round(
        metrics[`p99_ms@${largest}`]! / metrics['p99_ms@1000']!,
        2,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return keepEarlierSizes(
    {
      name: 'store-commit',
      metrics,
      anchor,
      ratio,
      notes:
        'shequ: durable commit on a store with that many commits of history (compacted as the appliance does: today in the log, the rest archived), one frame appended to a preallocated segment with one write + fdatasync per group (plus a numbering reservation write every ~512 commits); anchors: stock lowdb JSONFile (no fsync) holding that many records and rewriting the whole file (up to 100k), and the physical limit (bare write + fdatasync of the same frame bytes on the same disk, taken in turn with each commit). ratio median_ms = stock/shequ (higher is better); over_physical_median = shequ/physical (goal ≤ 1.5).',
    },
    SIZES,
  );
}
