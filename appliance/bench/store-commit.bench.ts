/**
 * Durable commit latency of the appliance store at 1k, 10k and 100k records, beside stock lowdb's
 * JSONFile holding the same records in the same run. Goal: flat (p99 at 100k within 2× of p99 at
 * 1k) and at least 10× faster than stock lowdb at 100k.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { type BenchResult, median, percentile, round } from '../../bench/types.ts';
import { sampleDraft } from '../../test/support/tx.ts';
import type { TicketRecord } from '../store/records.ts';
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
    await store.commit([ticket(size + s)], sampleDraft('ticket.issued', size + s));
    out.push(performance.now() - t0);
  }
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
    }
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
      'shequ: durable commit (temp, fsync, rename, fsync dir) into a bounded segment; anchor: stock lowdb JSONFile (no fsync) rewriting the whole file. ratio = anchor/shequ (higher is better).',
  };
}
