/**
 * Open time and RSS of a store holding 10k and 100k historical commits (1M and 5M with
 * SHEQU_BENCH_HISTORY_MAX=5000000), each opened in a fresh process. The history is written in the
 * form the appliance writes: framed segments through the store's own Segment class, 8 MiB each,
 * with ticket commits carrying their transaction for central. Anchor: the same commits in the JSON
 * segments the store wrote before (256 commits each, replayed whole), at the sizes where it fits.
 *
 * Issue 13's goal (open ≤ 1 s and RSS ≤ 150 MB at every size) needs history out of memory
 * (compaction into an archive), which this branch does not do yet: both figures still grow.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchResult, round } from '../../bench/types.ts';
import { sampleDraft } from '../../test/support/tx.ts';
import { encodeFrame } from '../store/frames.ts';
import type { Commit, TicketRecord } from '../store/records.ts';
import { DEFAULT_SEGMENT_BYTES, Segment } from '../store/segment.ts';

const MAX = Number(process.env.SHEQU_BENCH_HISTORY_MAX ?? 100_000);
const SIZES = [10_000, 100_000, 1_000_000, 5_000_000].filter((n) => n <= MAX);
/** The old JSON replay is measured only where it fits this box's memory comfortably. */
const ANCHOR_MAX = 1_000_000;
const opener = fileURLToPath(new URL('./store-history-open.ts', import.meta.url));

function commit(i: number): Commit {
  const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 8000) * 86_400_000).toISOString().slice(0, 10);
  const ticket: TicketRecord = {
    kind: 'ticket',
    id: `T${String(i).padStart(12, '0')}`,
    day,
    serviceId: 'social-security',
    number: `A${String((i % 8000) + 1).padStart(4, '0')}`,
    ordinal: (i % 8000) + 1,
    priority: i % 7 === 0,
    status: 'done',
    issuedAt: 1_767_225_600_000 + i * 10_000,
    holder: {
      ref: 'x'.repeat(43),
      sealed: 'y'.repeat(120),
      maskedName: '张*',
      maskedNumber: '1101**********002X',
    },
  };
  return {
    n: i + 1,
    ts: ticket.issuedAt,
    puts: [ticket],
    tx: {
      txId: `01TX${String(i).padStart(22, '0')}`,
      seq: i + 1,
      ts: ticket.issuedAt,
      ...sampleDraft('ticket.issued', i),
    },
    issued: [{ scope: `ticket:${day}:A`, n: ticket.ordinal, day }],
  };
}

export async function writeFramed(dir: string, size: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  let idx = 0;
  let segment = await Segment.create(dir, { gen: 0, idx }, DEFAULT_SEGMENT_BYTES);
  let group: Buffer[] = [];
  let groupBytes = 0;
  const flush = async () => {
    if (group.length === 0) return;
    await segment.append(Buffer.concat(group), group.length);
    group = [];
    groupBytes = 0;
  };
  for (let i = 0; i < size; i++) {
    const frame = encodeFrame(commit(i));
    if (groupBytes + frame.length > segment.room) {
      await flush();
      await segment.close();
      segment = await Segment.create(dir, { gen: 0, idx: ++idx }, DEFAULT_SEGMENT_BYTES);
    }
    group.push(frame);
    groupBytes += frame.length;
    if (groupBytes > 512 * 1024) await flush();
  }
  await flush();
  await segment.close();
}

function writeLegacy(dir: string, size: number): void {
  mkdirSync(dir, { recursive: true });
  for (let first = 1; first <= size; first += 256) {
    const commits = Array.from({ length: Math.min(256, size - first + 1) }, (_, k) => commit(first - 1 + k));
    writeFileSync(
      join(dir, `seg-${String(first).padStart(12, '0')}.json`),
      JSON.stringify({ v: 1, first, commits }),
    );
  }
}

function openInFreshProcess(dir: string): { openMs: number; rssMb: number; tickets: number } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', '--max-old-space-size=8192', opener, dir],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`opening ${dir} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
    openMs: number;
    rssMb: number;
    tickets: number;
  };
}

export async function bench(): Promise<BenchResult> {
  const root = mkdtempSync(join(tmpdir(), 'shequ-bench-history-'));
  const metrics: Record<string, number> = {};
  const anchor: Record<string, number> = {};
  const ratio: Record<string, number> = {};
  try {
    for (const size of SIZES) {
      const framed = join(root, `framed-${size}`);
      await writeFramed(framed, size);
      const ours = openInFreshProcess(framed);
      if (ours.tickets !== size)
        throw new Error(`framed store of ${size} opened with ${ours.tickets} tickets`);
      metrics[`open_ms@${size}`] = round(ours.openMs, 0);
      metrics[`rss_mb@${size}`] = round(ours.rssMb, 1);
      rmSync(framed, { recursive: true, force: true });
      if (size > ANCHOR_MAX) continue;
      const legacy = join(root, `legacy-${size}`);
      writeLegacy(legacy, size);
      const old = openInFreshProcess(legacy);
      anchor[`open_ms@${size}`] = round(old.openMs, 0);
      anchor[`rss_mb@${size}`] = round(old.rssMb, 1);
      ratio[`open_ms@${size}`] = round(old.openMs / ours.openMs, 2);
      ratio[`rss_mb@${size}`] = round(old.rssMb / ours.rssMb, 2);
      rmSync(legacy, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return {
    name: 'store-history',
    metrics,
    anchor,
    ratio,
    notes:
      'shequ: open (replay) of framed segments, fresh process; anchor: the same commits as the JSON segments the store wrote before (full replay). ratio = anchor/shequ. History still replays into memory on this branch (no compaction yet), so neither figure is flat.',
  };
}
