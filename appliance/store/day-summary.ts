/**
 * A past day's report, added up once at compaction and kept beside its facts
 * (archive/days/<YYYY-MM>/<day>.summary): per group (the whole, each counter, clerk and service)
 * the counts, and the day's waits and handling times sorted, so a month report adds thirty of
 * these without reading a ticket (history-reports.ts). Binary: a CRC-32 line, a JSON header with
 * the counts, then the sorted durations as int32 (whole milliseconds, as they always are) or
 * float64, read in place without parsing them.
 *
 * Derived from the facts file only: missing or damaged, it is computed from the facts again.
 */
import { crc32 } from 'node:zlib';
import { CorruptFileError } from '../../platform/durable-file.ts';
import type { SortedRun } from '../cases/durations.ts';
import type { PerformanceCase } from '../cases/performance.ts';
import {
  type GroupKind,
  type GroupTotals,
  PerformanceTally,
  type TallySummary,
} from '../cases/performance.ts';
import { type DayFacts, eachFactTicket } from './day-facts.ts';

/** A case as it counts for one day only: accepted on it, completed on it, or both. */
export function onlyFor(day: string, c: PerformanceCase): PerformanceCase {
  return {
    ...c,
    acceptedDay: c.acceptedDay === day ? day : '',
    ...(c.completedDay !== undefined ? { completedDay: c.completedDay === day ? day : '' } : {}),
  };
}

/** Adds a day's facts into a tally: each ticket, case and rating as it counts for that day. */
export function tallyFacts(facts: DayFacts, tally: PerformanceTally): void {
  eachFactTicket(facts, (t) => tally.ticket(t));
  for (const c of facts.cases) tally.case(onlyFor(facts.day, c));
  for (const r of facts.ratings) tally.rating(r);
}

export function summarizeFacts(facts: DayFacts): TallySummary {
  const tally = new PerformanceTally((d) => d === facts.day);
  tallyFacts(facts, tally);
  return tally.summary();
}

type Counts = Omit<GroupTotals, 'waits' | 'handlings'> & { waitCount: number; handlingCount: number };

interface Header {
  v: 1;
  day: string;
  /** Durations as int32 (every one a whole number of ms that fits), else float64. */
  int32: boolean;
  groups: { by: GroupKind; key: string; counts: Counts }[];
}

export function encodeDaySummary(day: string, summary: TallySummary): Buffer {
  const groups = summary.map(({ by, key, totals }) => {
    const { waits, handlings, ...rest } = totals;
    return { by, key, counts: { ...rest, waitCount: waits.length, handlingCount: handlings.length } };
  });
  const int32 = summary.every(({ totals: t }) => fitsInt32(t.waits) && fitsInt32(t.handlings));
  const header = Buffer.from(JSON.stringify({ v: 1, day, int32, groups } satisfies Header), 'utf8');
  const width = int32 ? 4 : 8;
  // The durations start at a multiple of 8 after the checksum line, to be read in place.
  const headerEnd = 4 + header.length;
  const dataAt = Math.ceil((9 + headerEnd) / 8) * 8 - 9;
  const values = summary.reduce((n, g) => n + g.totals.waits.length + g.totals.handlings.length, 0);
  const buffer = new ArrayBuffer(9 + dataAt + values * width);
  const file = Buffer.from(buffer);
  const body = file.subarray(9);
  body.writeUInt32LE(header.length, 0);
  header.copy(body, 4);
  const data = int32
    ? new Int32Array(buffer, 9 + dataAt, values)
    : new Float64Array(buffer, 9 + dataAt, values);
  let at = 0;
  for (const { totals } of summary) {
    data.set(totals.waits, at);
    at += totals.waits.length;
    data.set(totals.handlings, at);
    at += totals.handlings.length;
  }
  file.write(`${crc32(body).toString(16).padStart(8, '0')}\n`, 0, 'latin1');
  return file;
}

export function decodeDaySummary(path: string, raw: Buffer, day: string): TallySummary {
  if (raw.length < 13 || raw[8] !== 0x0a) throw new CorruptFileError(path, 'no checksum line');
  const body = raw.subarray(9);
  if (crc32(body).toString(16).padStart(8, '0') !== raw.subarray(0, 8).toString('latin1'))
    throw new CorruptFileError(path, 'checksum does not match');
  const length = body.readUInt32LE(0);
  let header: Header;
  try {
    header = JSON.parse(body.subarray(4, 4 + length).toString('utf8')) as Header;
  } catch (err) {
    throw new CorruptFileError(path, (err as Error).message);
  }
  if (header.v !== 1 || header.day !== day || !Array.isArray(header.groups))
    throw new CorruptFileError(path, 'not the summary of this day');
  const dataAt = Math.ceil((9 + 4 + length) / 8) * 8 - 9;
  const width = header.int32 ? 4 : 8;
  const values = (body.length - dataAt) / width;
  if (!Number.isInteger(values) || values < 0) throw new CorruptFileError(path, 'durations cut short');
  const start = body.byteOffset + dataAt;
  // In place when aligned (a file read whole is), else copied.
  const bytes = start % 8 === 0 ? body.buffer : Uint8Array.from(body).buffer;
  const offset = start % 8 === 0 ? start : dataAt;
  const data = header.int32 ? new Int32Array(bytes, offset, values) : new Float64Array(bytes, offset, values);
  let at = 0;
  const take = (n: number) => {
    if (at + n > data.length) throw new CorruptFileError(path, 'fewer durations than counted');
    at += n;
    return data.subarray(at - n, at);
  };
  return header.groups.map(({ by, key, counts }) => {
    const { waitCount, handlingCount, ...rest } = counts;
    return { by, key, totals: { ...rest, waits: take(waitCount), handlings: take(handlingCount) } };
  });
}

function fitsInt32(values: SortedRun): boolean {
  for (const v of values) if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) return false;
  return true;
}
