import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { scriptArgs } from '../../test/support/shequ-process.ts';
import { sampleDraft } from '../../test/support/tx.ts';
import { dayReport, monthReport } from '../cases/history-reports.ts';
import { dayPerformance, periodPerformance } from '../cases/performance.ts';
import type { CaseRecord } from '../cases/records.ts';
import type { TicketRecord } from './records.ts';
import { Store } from './store.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'shequ-compact-'));
  dirs.push(d);
  return d;
}
const utcDay = (ts: number) => new Date(ts).toISOString().slice(0, 10);
const segments = (dir: string) => readdirSync(dir).filter((n) => /^seg-.*\.log$/.test(n));

function ticket(id: string, day: string, ref: string): TicketRecord {
  return {
    kind: 'ticket',
    id,
    day,
    serviceId: 's',
    number: id,
    ordinal: 1,
    priority: false,
    status: 'done',
    issuedAt: Date.parse(`${day}T01:00:00Z`),
    calledAt: Date.parse(`${day}T01:10:00Z`),
    finishedAt: Date.parse(`${day}T01:20:00Z`),
    counterId: 'w1',
    holder: { ref, sealed: 'sealed-details', maskedName: '张*', maskedNumber: '1101**' },
  };
}

function caseOf(id: string, number: string, acceptedDay: string, closed: boolean): CaseRecord {
  return {
    kind: 'case',
    id,
    number,
    acceptedDay,
    acceptedAt: Date.parse(`${acceptedDay}T02:00:00Z`),
    state: closed ? 'completed' : 'in-progress',
    ...(closed ? { completedDay: acceptedDay, completedAt: Date.parse(`${acceptedDay}T03:00:00Z`) } : {}),
    serviceId: 's',
    clerk: 'li',
    applicant: { ref: 'P1', sealed: 'sealed', maskedName: '张*', maskedNumber: '1101**' },
    history: [],
  } as unknown as CaseRecord;
}

test('compaction moves closed days, closed cases and acknowledged transactions to the archive; the live state is what remains, and reopens alone', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  for (let i = 0; i < 20; i++)
    await store.commit(
      [ticket(`old${i}`, '2026-03-02', i % 2 ? 'P1' : 'P2')],
      sampleDraft('ticket.issued', i),
    );
  await store.commit([caseOf('01JCLOSED0000000000000000', '20260302-0001', '2026-03-02', true)]);
  await store.commit([caseOf('01JOPEN00000000000000000', '20260302-0002', '2026-03-02', false)]);
  await store.commit([ticket('today1', '2026-03-03', 'P1')], sampleDraft('ticket.issued', 21));
  const before = store.all('ticket').length;
  const result = await store.compact({ today: '2026-03-03', dayOf: utcDay, isAcked: (seq) => seq <= 10 });
  assert.equal(before, 21);
  assert.equal(result.archived.size, 21, '20 tickets of the past day and the closed case');
  assert.deepEqual(
    store.all('ticket').map((t) => t.id),
    ['today1'],
    "only today's ticket stays in memory",
  );
  assert.deepEqual(
    store.all('case').map((c) => c.id),
    ['01JOPEN00000000000000000'],
  );
  assert.equal(store.transactions().length, 11, 'the 11 unacknowledged transactions stay');
  assert.ok(store.transactions().every((t) => t.seq > 10));
  const day = await store.archive.day('2026-03-02');
  assert.equal(day.records.filter((r) => r.kind === 'ticket').length, 20);
  assert.equal(day.records.filter((r) => r.kind === 'case').length, 1);
  const p1 = await store.archive.person('P1');
  assert.equal(p1.filter((r) => r.kind === 'ticket').length, 10);
  assert.equal(p1.filter((r) => r.kind === 'case').length, 1);
  assert.equal((await store.archive.findCase({ number: '20260302-0001' }))?.id, '01JCLOSED0000000000000000');
  assert.equal(await store.archive.findCase({ number: '20260302-0002' }), undefined, 'an open case is live');
  const facts = await store.archive.facts('2026-03-02');
  assert.equal(facts?.tickets.service.length, 20);
  assert.equal(facts?.cases.length, 2, 'both cases accepted that day count for its report');
  // The day's report, added up at compaction beside the facts: what a month report reads.
  const report = await dayReport(store, '2026-03-02');
  assert.equal(report.overall.ticketsServed, 20);
  assert.equal(report.overall.casesAccepted, 2);
  const summaryFile = join(dir, 'archive', 'days', '2026-03', '2026-03-02.summary');
  const factsFile = join(dir, 'archive', 'days', '2026-03', '2026-03-02.facts.json');
  const factsBytes = readFileSync(factsFile);
  rmSync(factsFile);
  assert.deepEqual(await dayReport(store, '2026-03-02'), report, 'the summary alone gives the report');
  writeFileSync(factsFile, factsBytes);
  const summaryBytes = readFileSync(summaryFile);
  summaryBytes.writeUInt8(summaryBytes.readUInt8(summaryBytes.length - 3) ^ 0x40, summaryBytes.length - 3);
  writeFileSync(summaryFile, summaryBytes);
  assert.deepEqual(
    await dayReport(store, '2026-03-02'),
    report,
    'a damaged summary: the facts give it again',
  );
  await store.close();

  const reopened = await Store.open(dir);
  assert.deepEqual(
    reopened.all('ticket').map((t) => t.id),
    ['today1'],
  );
  assert.equal(reopened.transactions().length, 11);
  assert.equal(reopened.archivedBefore, '2026-03-03');
  const next = await reopened.commit(
    [ticket('today2', '2026-03-03', 'P3')],
    sampleDraft('ticket.issued', 22),
  );
  assert.equal(next.n, 24, 'commit numbers go on after the snapshot');
  assert.equal(next.tx?.seq, 22, 'transaction sequence numbers go on without a gap');
  const folded = segments(dir);
  await reopened.compact({ today: '2026-03-04', dayOf: utcDay, isAcked: () => true });
  assert.deepEqual(
    segments(dir),
    folded.slice(1),
    'the segment folded a round before is gone; the one folded now stays a round, beside live.prev.json',
  );
  assert.equal(reopened.all('ticket').length, 0);
  assert.equal(reopened.transactions().length, 0);
  assert.equal(
    await reopened.archive.deleteDaysBefore('2026-03-03'),
    1,
    'retention deletes the whole day file',
  );
  assert.deepEqual(
    (await reopened.archive.person('P1')).map((r) => r.id),
    ['today1'],
    'only the records of the days kept are found',
  );
  assert.equal((await reopened.archive.facts('2026-03-02'))?.tickets.service.length, 20, 'the facts stay');
  await reopened.close();
});

test('a damaged live snapshot is kept aside and the previous one, with the log after it, stands in', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  await store.commit([ticket('a', '2026-03-02', 'P1')], sampleDraft('ticket.issued', 1));
  await store.compact({ today: '2026-03-02', dayOf: utcDay, isAcked: () => false });
  await store.commit([ticket('b', '2026-03-02', 'P1')], sampleDraft('ticket.issued', 2));
  await store.compact({ today: '2026-03-02', dayOf: utcDay, isAcked: () => false });
  await store.commit([ticket('c', '2026-03-02', 'P1')], sampleDraft('ticket.issued', 3));
  await store.close();
  const live = join(dir, 'live.json');
  const bytes = readFileSync(live);
  bytes.writeUInt8(bytes.readUInt8(bytes.length - 5) ^ 0x20, bytes.length - 5);
  writeFileSync(live, bytes);
  const reopened = await Store.open(dir);
  assert.deepEqual(
    reopened
      .all('ticket')
      .map((t) => t.id)
      .sort(),
    ['a', 'b', 'c'],
    'every commit is there: the previous snapshot and the segments after it',
  );
  assert.equal(reopened.quarantined[0]?.path, live);
  assert.match(reopened.quarantined[0]!.reason, /checksum/);
  const next = await reopened.commit([ticket('d', '2026-03-02', 'P1')], sampleDraft('ticket.issued', 4));
  assert.equal(next.tx?.seq, 4);
  await reopened.compact({ today: '2026-03-03', dayOf: utcDay, isAcked: () => true });
  await reopened.close();
  const again = await Store.open(dir);
  assert.equal(again.all('ticket').length, 0);
  assert.equal((await again.archive.day('2026-03-02')).records.length, 4);
  await again.close();
});

const child = fileURLToPath(new URL('./test-support/compaction-child.ts', import.meta.url));

/** Runs the child until its first compaction starts, then kills it at a random moment of it. */
async function killDuringCompaction(
  dir: string,
  round: number,
  acknowledged: Map<string, string>,
): Promise<{ next: number; finished: number }> {
  let killing = false;
  let finished = 0;
  const proc: ChildProcess = spawn(process.execPath, [...scriptArgs(child), dir, String(round)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let last = round;
  for await (const line of createInterface({ input: proc.stdout! })) {
    const msg = JSON.parse(line) as { id?: string; status?: string; compacting?: number; compacted?: number };
    if (msg.id && msg.status) acknowledged.set(msg.id, msg.status);
    if (msg.compacting !== undefined) last = msg.compacting + 1;
    if (msg.compacting !== undefined && !killing) {
      // Somewhere inside this compaction (it takes tens of milliseconds): roll, fold, archive, snapshot, remove.
      killing = true;
      setTimeout(() => proc.kill('SIGKILL'), Math.floor(Math.random() * 40));
    }
    if (msg.compacted !== undefined) finished++;
  }
  await exited;
  return { next: last, finished };
}

test('a SIGKILL at any moment of compaction loses no acknowledged commit and leaves a store that opens, its day and month reports adding up what it holds', async () => {
  const dir = tempDir();
  const acknowledged = new Map<string, string>();
  let round = 0;
  let cutShort = 0;
  for (let kill = 0; kill < 6; kill++) {
    const run = await killDuringCompaction(dir, round, acknowledged);
    round = run.next;
    if (run.finished === 0) cutShort++;
    const store = await Store.open(dir, { segmentBytes: 64 * 1024 });
    const days = new Map<string, Map<string, string>>();
    for (const id of acknowledged.keys()) {
      const day = id.slice(0, 10);
      if (!days.has(day)) {
        const archived = (await store.archive.day(day)).records;
        days.set(day, new Map(archived.map((r) => [r.id, (r as TicketRecord).status])));
      }
    }
    for (const [id, status] of acknowledged) {
      const found = store.get('ticket', id)?.status ?? days.get(id.slice(0, 10))?.get(id);
      assert.equal(
        found,
        status,
        `after kill ${kill + 1}: ticket ${id} is live or archived, as acknowledged`,
      );
    }
    // The reports of archived days come from summaries written at compaction: a kill between the
    // facts and their summary must never leave a summary that disagrees with the records.
    const archivedTickets: TicketRecord[] = [];
    for (const day of days.keys()) {
      if (day >= store.archivedBefore) continue;
      const archived = (await store.archive.day(day)).records.filter(
        (r): r is TicketRecord => r.kind === 'ticket',
      );
      archivedTickets.push(...archived);
      assert.deepEqual(
        await dayReport(store, day),
        dayPerformance(day, { tickets: archived, cases: [], ratings: [] }),
        `after kill ${kill + 1}: the report of archived ${day} adds up its ${archived.length} archived tickets`,
      );
    }
    const tickets = [...archivedTickets, ...store.all('ticket')];
    assert.deepEqual(
      await monthReport(store, '2026-01'),
      periodPerformance('2026-01', (d) => d.startsWith('2026-01'), { tickets, cases: [], ratings: [] }),
      `after kill ${kill + 1}: the month report adds up every archived and live ticket of the month`,
    );
    const people = await store.archive.person('P7');
    assert.ok(people.length + store.all('ticket').filter((t) => t.holder?.ref === 'P7').length > 0);
    await store.close();
  }
  assert.ok(acknowledged.size >= 6 * 100, `${acknowledged.size} tickets acknowledged across the kills`);
  assert.ok(cutShort >= 3, `${cutShort} of 6 kills landed inside a compaction`);
});
