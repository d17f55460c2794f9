/**
 * The archive: history that has left memory, on disk, read on demand. Laid out by centre day:
 *
 *   archive/days/<YYYY-MM>/<day>.log         the final version of each record closed on that day
 *                                            (tickets and ratings of the day, cases closed that
 *                                            day, past appointments) and the transactions of
 *                                            the day central has acknowledged: frames, append-only
 *   archive/days/<YYYY-MM>/<day>.facts.json  what the day and month reports need (day-facts.ts)
 *   archive/days/<YYYY-MM>/<day>.summary     the day's report added up, from the facts
 *                                            (day-summary.ts): what a month report reads
 *   archive/people/<YYYY-MM>/<shard>.idx     person ref → where their records are, by month,
 *   archive/people/<YYYY-MM>.sorted          appended; sorted once the month is over (person-index.ts)
 *   archive/cases/<YYYY-MM>.idx              case number and ID → where the case is, by month of
 *                                            acceptance
 *
 * Records are written again when compaction is redone after a crash: a reader keeps the last
 * version of each record. A day log holds personal data only of that day, so the retention period
 * deletes whole day logs (and whole months of person index), never rewriting one; the facts stay.
 */
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { decodeTime } from 'ulid';
import { CorruptFileError, fsyncDirectory, writeFileDurably } from '../../platform/durable-file.ts';
import type { TallySummary } from '../cases/performance.ts';
import type { CaseRecord } from '../cases/records.ts';
import { appendFrames, readFrames, readFramesAt } from './append-file.ts';
import { ChecksummedJsonFile } from './checksummed-file.ts';
import { type DayFacts, isDayFacts } from './day-facts.ts';
import { decodeDaySummary, encodeDaySummary, summarizeFacts } from './day-summary.ts';
import { PersonIndex } from './person-index.ts';
import type { StoredRecord, TxEntry } from './records.ts';

/** One frame of a day log: a record, or an acknowledged transaction. */
export type DayEntry = { r: StoredRecord } | { x: TxEntry };

interface CaseEntry {
  id: string;
  number: string;
  day: string;
  at: number;
}

const monthOf = (day: string) => day.slice(0, 7);
const keyOf = (r: StoredRecord) => `${r.kind}:${r.id}`;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The person a record is about, if any (the keyed hash, never the details). */
export function personOf(r: StoredRecord): string | undefined {
  if (r.kind === 'ticket' || r.kind === 'appointment') return r.holder?.ref;
  if (r.kind === 'case') return r.applicant.ref;
  return undefined;
}

export class Archive {
  readonly people: PersonIndex;

  constructor(readonly dir: string) {
    this.people = new PersonIndex(join(dir, 'people'));
  }

  private dayLog(day: string): string {
    return join(this.dir, 'days', monthOf(day), `${day}.log`);
  }

  private factsFile(day: string): Low<DayFacts | null> {
    const path = join(this.dir, 'days', monthOf(day), `${day}.facts.json`);
    return new Low(new ChecksummedJsonFile<DayFacts | null>(path, isDayFacts as never), null);
  }

  /** Appends one day's entries to its log and indexes them (durably, before it returns). */
  appendDay(day: string, entries: readonly DayEntry[]): Promise<void> {
    return this.append(new Map([[day, entries]]));
  }

  /**
   * Appends each day's entries to its log, then indexes them: one write and one fdatasync per
   * file touched, however many days (compaction after a long time off, or a bench's history).
   */
  async append(days: ReadonlyMap<string, readonly DayEntry[]>): Promise<void> {
    const people: { ref: string; day: string; at: number }[] = [];
    const cases = new Map<string, CaseEntry[]>();
    const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    for (const [day, entries] of days) {
      if (!DAY.test(day)) throw new RangeError(`not a centre day: ${day}`);
      const offsets = await appendFrames(this.dayLog(day), entries);
      entries.forEach((e, i) => {
        if (!('r' in e)) return;
        const at = offsets[i]!;
        const ref = personOf(e.r);
        if (ref) people.push({ ref, day, at });
        if (e.r.kind === 'case')
          push(cases, monthOf(e.r.acceptedDay), { id: e.r.id, number: e.r.number, day, at });
      });
    }
    await this.people.append(people);
    for (const [month, list] of cases) await appendFrames(join(this.dir, 'cases', `${month}.idx`), list);
  }

  private summaryPath(day: string): string {
    return join(this.dir, 'days', monthOf(day), `${day}.summary`);
  }

  /**
   * Writes a day's facts and its summary. Crash-safe: the old summary goes first (durably), so a
   * summary on disk was always added up from the facts beside it; without one, readers use the facts.
   */
  async writeFacts(facts: DayFacts): Promise<void> {
    const month = join(this.dir, 'days', monthOf(facts.day));
    await mkdir(month, { recursive: true, mode: 0o700 });
    const summary = this.summaryPath(facts.day);
    const removed = await unlink(summary).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
        return false;
      },
    );
    if (removed) await fsyncDirectory(month);
    const file = this.factsFile(facts.day);
    file.data = facts;
    await file.write();
    await writeFileDurably(summary, encodeDaySummary(facts.day, summarizeFacts(facts)));
  }

  /**
   * The day's report added up (null when nothing of that day was archived): from its summary, or
   * from its facts when the summary is missing or damaged.
   */
  async summary(day: string): Promise<TallySummary | null> {
    const path = this.summaryPath(day);
    try {
      return decodeDaySummary(path, await readFile(path), day);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (!(err instanceof CorruptFileError) && code !== 'ENOENT') throw err;
    }
    const facts = await this.facts(day);
    return facts ? summarizeFacts(facts) : null;
  }

  /** The day's report facts, or null when nothing of that day was archived. */
  async facts(day: string): Promise<DayFacts | null> {
    const file = this.factsFile(day);
    try {
      await file.read();
    } catch (err) {
      if (err instanceof CorruptFileError) return null;
      throw err;
    }
    return file.data;
  }

  /** Every archived record of one day (its last version), and the day's acknowledged transactions. */
  async day(day: string): Promise<{ records: StoredRecord[]; transactions: TxEntry[] }> {
    const last = new Map<string, StoredRecord>();
    const transactions = new Map<number, TxEntry>();
    for (const e of (await readFrames(this.dayLog(day))) as DayEntry[]) {
      if ('r' in e) last.set(keyOf(e.r), e.r);
      else transactions.set(e.x.seq, e.x);
    }
    return { records: [...last.values()], transactions: [...transactions.values()] };
  }

  /** Every archived record about one person (by keyed hash), last versions only. */
  async person(ref: string): Promise<StoredRecord[]> {
    // Oldest first: a record written again (compaction redone) keeps its last version.
    const last = new Map<string, StoredRecord>();
    for (const r of await this.readAt(await this.people.lookup(ref)))
      if (personOf(r) === ref) last.set(keyOf(r), r);
    return [...last.values()];
  }

  /** Seals the person index of every month before `month` (compaction, once a month is over). */
  sealMonthsBefore(month: string, yieldBetween?: () => Promise<void>): Promise<string[]> {
    return this.people.sealBefore(month, yieldBetween);
  }

  /** An archived case by its receipt number or its ID. */
  async findCase(by: { number: string } | { id: string }): Promise<CaseRecord | undefined> {
    const months = 'number' in by ? numberMonths(by.number) : idMonths(by.id);
    let found: CaseEntry | undefined;
    for (const month of months) {
      for (const e of (await readFrames(join(this.dir, 'cases', `${month}.idx`))) as CaseEntry[]) {
        if ('number' in by ? e.number === by.number : e.id === by.id) found = e;
      }
    }
    if (!found) return undefined;
    const [record] = await this.readAt([found]);
    return record?.kind === 'case' ? record : undefined;
  }

  /** The records at the given places, in the order given (one open per day log). */
  private async readAt(entries: readonly { day: string; at: number }[]): Promise<StoredRecord[]> {
    const byDay = new Map<string, number[]>();
    for (const e of entries) {
      const list = byDay.get(e.day);
      if (list) list.push(e.at);
      else byDay.set(e.day, [e.at]);
    }
    const perDay = await Promise.all(
      [...byDay].map(async ([day, offsets]) => (await readFramesAt(this.dayLog(day), offsets)) as DayEntry[]),
    );
    return perDay.flat().flatMap((e) => ('r' in e ? [e.r] : []));
  }

  /** The day after the newest day the archive holds anything of ('' when it holds none). */
  async dayAfterNewest(): Promise<string> {
    let newest = '';
    for (const month of await readdir(join(this.dir, 'days')).catch(() => [] as string[]))
      for (const name of await readdir(join(this.dir, 'days', month)))
        if (DAY.test(name.slice(0, 10)) && name.slice(0, 10) > newest) newest = name.slice(0, 10);
    if (!newest) return '';
    return new Date(Date.parse(`${newest}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  }

  /**
   * The retention period: deletes every day log of a day before `day` (whole files), and the person
   * index of every month wholly before it. Facts and the case index (no personal data) stay.
   * Returns the day logs deleted.
   */
  async deleteDaysBefore(day: string): Promise<number> {
    let deleted = 0;
    const months = await readdir(join(this.dir, 'days')).catch(() => [] as string[]);
    for (const month of months) {
      if (month > monthOf(day)) continue;
      for (const name of await readdir(join(this.dir, 'days', month))) {
        if (name.endsWith('.log') && name.slice(0, 10) < day) {
          await unlink(join(this.dir, 'days', month, name));
          deleted++;
        }
      }
    }
    await this.people.deleteMonthsBefore(monthOf(day));
    return deleted;
  }
}

/** A receipt number starts with its acceptance day (YYYYMMDD-NNNN). */
function numberMonths(number: string): string[] {
  const m = /^(\d{4})(\d{2})\d{2}-/.exec(number);
  return m ? [`${m[1]}-${m[2]}`] : [];
}

/** A case ID is a ULID of its acceptance time: its month, or the next or last one in another time zone. */
function idMonths(id: string): string[] {
  let t: number;
  try {
    t = decodeTime(id);
  } catch {
    return [];
  }
  const day = 86_400_000;
  return [...new Set([t - day, t, t + day].map((x) => new Date(x).toISOString().slice(0, 7)))];
}
