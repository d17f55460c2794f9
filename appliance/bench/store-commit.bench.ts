/**
 * Durable commit latency of the appliance store at 1k, 10k and 100k records, beside two anchors
 * measured in the same run: stock lowdb's JSONFile holding the same records, and the physical
 * limit (a bare write + fdatasync of the same bytes, appended to a file on the same disk). Also the
 * bytes a commit writes beside the bytes of the commit itself. Goals: flat (p99 at 100k within 2×
 * of p99 at 1k), median within 1.5× of the physical limit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { type BenchResult, median, percentile, round } from '../../bench/types.ts';
import { sampleDraft } from '../../test/support/tx.ts';
import { encodeFrame } from '../store/frames.ts';
import type { Commit, TicketRecord } from '../store/records.ts';
import { Store } from '../store/store.ts';

const SIZES = [1_000, 10_000, 100_000];
const SAMPLES = 60;

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

/** A bare write + fdatasync of `bytes`, appended each time: what any durable commit must pay. */
async function physicalLatencies(dir: string, bytes: Buffer, samples: number): Promise<number[]> {
  const handle = await open(join(dir, 'physical.bin'), 'w');
  const out: number[] = [];
  try {
    for (let s = 0; s < samples; s++) {
      const t0 = performance.now();
      await handle.write(bytes, 0, bytes.length, s * bytes.length);
      await handle.datasync();
      out.push(performance.now() - t0);
    }
  } finally {
    await handle.close();
  }
  return out;
}

let lastCommit: Commit | null = null;

async function shequLatencies(dir: string, size: number): Promise<number[]> {
  const store = await Store.open(join(dir, `shequ-${size}`));
  for (let i = 0; i < size; i += 1000) {
    await Promise.all(
      Array.from({ length: Math.min(1000, size - i) }, (_, k) =>
        store.commit([ticket(i + k)], sampleDraft('ticket.issued', i + k)),
      ),
    );
  }
  const out: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    const t0 = performance.now();
    lastCommit = await store.commit([ticket(size + s)], sampleDraft('ticket.issued', size + s));
    out.push(performance.now() - t0);
  }
  await store.close();
  return out;
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
      const ours = await shequLatencies(dir, size);
      const stock = await stockLatencies(dir, size, size >= 100_000 ? 15 : SAMPLES);
      metrics[`median_ms@${size}`] = round(median(ours));
      metrics[`p99_ms@${size}`] = round(percentile(ours, 99));
      anchor[`median_ms@${size}`] = round(median(stock));
      anchor[`p99_ms@${size}`] = round(percentile(stock, 99));
      ratio[`median_ms@${size}`] = round(median(stock) / median(ours), 1);
      const physical = await physicalLatencies(dir, encodeFrame(lastCommit), SAMPLES);
      anchor[`physical_median_ms@${size}`] = round(median(physical));
      ratio[`over_physical_median@${size}`] = round(median(ours) / median(physical), 2);
    }
    // A commit writes its frame (12 bytes of header + the commit's JSON); the minimum is the JSON.
    metrics.bytes_written_per_commit = encodeFrame(lastCommit).length;
    anchor.bytes_of_commit_json = Buffer.byteLength(JSON.stringify(lastCommit));
    anchor.stock_lowdb_bytes_per_commit_at_100k = Buffer.byteLength(
      JSON.stringify({ tickets: Array.from({ length: 100_000 }, (_, i) => ticket(i)) }),
    );
    metrics.p99_flatness_100k_over_1k = round(metrics['p99_ms@100000']! / metrics['p99_ms@1000']!, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    name: 'store-commit',
    metrics,
    anchor,
    ratio,
    notes:
      'shequ: durable commit, one frame appended to a preallocated segment with one write + fdatasync per group (plus a numbering reservation write every ~512 commits); anchors: stock lowdb JSONFile (no fsync) rewriting the whole file, and the physical limit (bare write + fdatasync of the same frame bytes on the same disk). ratio median_ms = stock/shequ (higher is better); over_physical_median = shequ/physical (goal ≤ 1.5).',
  };
}
