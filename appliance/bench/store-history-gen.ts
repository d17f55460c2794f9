/**
 * History for the store-history bench, in the form the appliance writes it: days of a busy centre
 * (8,000 commits a day, each a ticket with its transaction for central), written with the store's
 * own code. Every day but the last two goes straight into the archive through the writer
 * compaction uses (Archive.appendDay, day facts); the day before today is written as log segments
 * (Segment, as the commit log writes them) and compacted by Store.compact itself, which also writes
 * the live snapshot; today's commits are left in segments, to be replayed at open.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Archive, type DayEntry } from '../store/archive.ts';
import { dayFacts } from '../store/day-facts.ts';
import { encodeFrame } from '../store/frames.ts';
import type { Commit, TicketRecord } from '../store/records.ts';
import { DEFAULT_SEGMENT_BYTES, Segment } from '../store/segment.ts';
import { Store } from '../store/store.ts';

export const PER_DAY = 8000;
/** Today's commits, replayed at open whatever the history. */
export const TODAY_COMMITS = 2000;
const DAY0 = Date.UTC(2026, 0, 1);
export const dayNumber = (d: number) => new Date(DAY0 + d * 86_400_000).toISOString().slice(0, 10);
/** About 250,000 residents, each coming back now and then. */
export const personRef = (k: number) =>
  createHash('sha256')
    .update(`resident-${k % 250_000}`)
    .digest('base64url');

export function commitOf(i: number): Commit {
  const d = Math.floor(i / PER_DAY);
  const k = i % PER_DAY;
  const day = dayNumber(d);
  const issuedAt = DAY0 + d * 86_400_000 + 3_600_000 + k * 3_000;
  const ticket: TicketRecord = {
    kind: 'ticket',
    id: `T${String(i).padStart(12, '0')}`,
    day,
    serviceId: ['social-security', 'civil-affairs', 'medical-insurance'][k % 3]!,
    number: `A${String(k + 1).padStart(4, '0')}`,
    ordinal: k + 1,
    priority: k % 7 === 0,
    status: k % 17 === 0 ? 'no-show' : 'done',
    issuedAt,
    calledAt: issuedAt + 600_000 + (k % 13) * 60_000,
    finishedAt: issuedAt + 900_000 + (k % 11) * 60_000,
    counterId: `w${(k % 8) + 1}`,
    clerk: `clerk${k % 8}`,
    holder: {
      ref: personRef(i * 7919),
      sealed: 'y'.repeat(120),
      maskedName: '张*',
      maskedNumber: '1101**********002X',
    },
  };
  return {
    n: i + 1,
    ts: issuedAt,
    puts: [ticket],
    tx: {
      txId: `01TX${String(i).padStart(22, '0')}`,
      seq: i + 1,
      ts: issuedAt,
      type: 'ticket.issued',
      body: {
        ticketId: ticket.id,
        number: ticket.number,
        serviceId: ticket.serviceId,
        priority: ticket.priority,
        day,
        issuedAt,
        holderRef: ticket.holder!.ref,
      },
    },
    issued: [{ scope: `ticket:${day}:A`, n: ticket.ordinal, day }],
  };
}

/** Writes commits [from, to) as log segments, as the commit log would (group writes of up to 512 KiB). */
export async function writeSegments(dir: string, from: number, to: number, firstIdx = 0): Promise<number> {
  mkdirSync(dir, { recursive: true });
  let idx = firstIdx;
  let segment = await Segment.create(dir, { gen: 0, idx }, DEFAULT_SEGMENT_BYTES);
  let group: Buffer[] = [];
  let groupBytes = 0;
  const flush = async () => {
    if (group.length === 0) return;
    await segment.append(Buffer.concat(group), group.length);
    group = [];
    groupBytes = 0;
  };
  for (let i = from; i < to; i++) {
    const frame = encodeFrame(commitOf(i));
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
  return idx + 1;
}

/** A store of `size` historical commits (the last TODAY_COMMITS of them today's), compacted as the appliance does. */
export async function writeHistory(dir: string, size: number): Promise<{ today: string }> {
  const archived = Math.max(0, size - TODAY_COMMITS);
  const days = Math.ceil(archived / PER_DAY);
  const archive = new Archive(`${dir}/archive`);
  // Straight into the archive, through compaction's writer: all but the last archived day.
  // A week at a time, as compaction after a week off would (one write per index file per batch).
  for (let from = 0; from < days - 1; from += 7) {
    const batch = new Map<string, DayEntry[]>();
    for (let d = from; d < Math.min(from + 7, days - 1); d++) {
      const commits = Array.from({ length: PER_DAY }, (_, k) => commitOf(d * PER_DAY + k));
      const tickets = commits.map((c) => c.puts[0] as TicketRecord);
      batch.set(dayNumber(d), [...tickets.map((r) => ({ r })), ...commits.map((c) => ({ x: c.tx! }))]);
      await archive.writeFacts(dayFacts(dayNumber(d), tickets, [], []));
    }
    await archive.append(batch);
  }
  // The last archived day through the log and Store.compact, which writes the live snapshot too.
  const lastFrom = Math.max(0, (days - 1) * PER_DAY);
  const today = dayNumber(days);
  const nextIdx = await writeSegments(dir, lastFrom, archived);
  const store = await Store.open(dir);
  await store.compact({
    today,
    dayOf: (ts) => new Date(ts).toISOString().slice(0, 10),
    isAcked: () => true,
  });
  await store.close();
  // Today's commits stay in the log.
  await writeSegments(dir, archived, size, nextIdx);
  return { today };
}
