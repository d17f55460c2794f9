import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sampleDraft } from '../../test/support/tx.ts';
import { endOfNonZero } from './frames.ts';
import type { TicketRecord } from './records.ts';
import { Store } from './store.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'shequ-store-'));
  dirs.push(d);
  return d;
}

function ticket(id: string, number: string): TicketRecord {
  return {
    kind: 'ticket',
    id,
    day: '2026-11-27',
    serviceId: 's',
    number,
    ordinal: 1,
    priority: false,
    status: 'waiting',
    issuedAt: 1,
  };
}

/** Small segments keep these tests' files small (the default is 8 MiB). */
const SMALL = 64 * 1024;
const segments = (dir: string) =>
  readdirSync(dir)
    .filter((n) => /^seg-\d+-\d+\.log$/.test(n))
    .sort();

test('commits survive a reopen, across segment boundaries, with the last version of each record', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { segmentBytes: 1024 });
  for (let i = 1; i <= 10; i++) {
    await store.commit([ticket(`t${i}`, `A${i}`)], sampleDraft('ticket.issued', i));
  }
  await store.commit([{ ...ticket('t3', 'A3'), status: 'called' }]);
  await store.close();
  assert.ok(segments(dir).length >= 3, `several segments (${segments(dir).join(' ')})`);
  const reopened = await Store.open(dir, { segmentBytes: 1024 });
  assert.equal(reopened.all('ticket').length, 10);
  assert.equal(reopened.get('ticket', 't3')?.status, 'called');
  assert.deepEqual(
    reopened.transactions().map((t) => t.seq),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  const next = await reopened.commit([ticket('t11', 'A11')], sampleDraft('ticket.issued', 11));
  assert.equal(next.tx?.seq, 11, 'sequence numbers continue after a restart, without a gap');
  assert.deepEqual(reopened.quarantined, []);
  await reopened.close();
});

test('a commit appends only its own frame: the segment file is never rewritten', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { segmentBytes: SMALL });
  await store.commit([ticket('t1', 'A1')]);
  const [name] = segments(dir);
  const before = readFileSync(join(dir, name!));
  await store.commit([ticket('t2', 'A2')]);
  const after = readFileSync(join(dir, name!));
  const changed = [...after.keys()].filter((i) => after[i] !== before[i]);
  await store.close();
  const frame = Buffer.byteLength(JSON.stringify({ n: 2 })); // a lower bound of the second commit's frame
  assert.ok(changed.length > frame, 'the second commit is written');
  assert.ok(changed[0]! >= before.indexOf(Buffer.from('"A1"')), 'nothing before the first commit changed');
  assert.equal(after.length, before.length, 'the segment keeps its preallocated size');
});

test('concurrent commits are grouped and all resolve durable, in order', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  const commits = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      store.commit([ticket(`t${i}`, `A${i}`)], sampleDraft('ticket.issued', i)),
    ),
  );
  assert.deepEqual(
    commits.map((c) => c.tx?.seq),
    Array.from({ length: 100 }, (_, i) => i + 1),
  );
  const reopened = await Store.open(dir);
  assert.equal(reopened.all('ticket').length, 100);
  await reopened.close();
  await store.close();
});

test('a torn tail (a group write cut short) is cut at open, and appending goes on after it', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { segmentBytes: SMALL });
  for (let i = 1; i <= 3; i++)
    await store.commit([ticket(`t${i}`, `A${i}`)], sampleDraft('ticket.issued', i));
  await store.close();
  const path = join(dir, segments(dir)[0]!);
  const torn = readFileSync(path);
  // What a power cut in the middle of the fourth commit's write leaves: the start of a frame.
  const partial = Buffer.from(
    'SQJ1\x40\x00\x00\x00\x01\x02\x03\x04{"n":4,"ts":1,"puts":[{"kind":"tic',
    'latin1',
  );
  partial.copy(torn, endOfNonZero(torn));
  writeFileSync(path, torn);
  const reopened = await Store.open(dir, { segmentBytes: SMALL });
  assert.deepEqual(reopened.quarantined, [], 'a torn tail is not damage');
  assert.equal(reopened.repairs.tornTailBytes, partial.length);
  assert.equal(reopened.all('ticket').length, 3);
  await reopened.commit([ticket('t4', 'A4')], sampleDraft('ticket.issued', 4));
  await reopened.close();
  const again = await Store.open(dir, { segmentBytes: SMALL });
  assert.deepEqual(again.quarantined, []);
  assert.deepEqual(
    again.transactions().map((t) => t.seq),
    [1, 2, 3, 4],
  );
  await again.close();
});

test('a damaged segment is quarantined and reported; its intact commits are kept', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { segmentBytes: 1024 });
  for (let i = 1; i <= 8; i++)
    await store.commit([ticket(`t${i}`, `A${i}`)], sampleDraft('ticket.issued', i));
  await store.close();
  const names = segments(dir);
  const path = join(dir, names[1]!);
  const bytes = readFileSync(path);
  const hit = bytes.indexOf(Buffer.from('"kind":"ticket"'));
  bytes[hit + 2] = (bytes[hit + 2] ?? 0) ^ 0x20; // one flipped bit inside the segment's first commit
  writeFileSync(path, bytes);
  const lost = readFileSync(path, 'latin1').match(/"number":"A\d+"/g)!.length;
  assert.ok(lost >= 2, 'the damaged segment holds more than the damaged commit');
  const reopened = await Store.open(dir, { segmentBytes: 1024 });
  assert.equal(reopened.quarantined.length, 1);
  assert.match(reopened.quarantined[0]!.reason, /corrupt/);
  assert.ok(
    readdirSync(dir).some((n) => n.includes('.corrupt-')),
    'the bad file is kept aside for inspection',
  );
  assert.equal(reopened.all('ticket').length, 7, 'only the damaged commit is lost');
  const next = await reopened.commit([ticket('t9', 'A9')], sampleDraft('ticket.issued', 9));
  assert.ok((next.tx?.seq ?? 0) > 8, 'no sequence number is reused');
  await reopened.close();
  const again = await Store.open(dir, { segmentBytes: 1024 });
  assert.deepEqual(again.quarantined, [], 'the salvage is whole');
  assert.equal(again.all('ticket').length, 8);
  await again.close();
});

test('a lost newest segment hands out no number again: counts resume above the durable reservation', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { segmentBytes: 1024 });
  for (let i = 1; i <= 6; i++) {
    await store.commit([ticket(`t${i}`, `A${i}`)], sampleDraft('ticket.issued', i), [
      { scope: 'ticket:2026-11-27:A', n: i, day: '2026-11-27' },
    ]);
  }
  await store.close();
  const newest = segments(dir).at(-1)!;
  writeFileSync(join(dir, newest), ''); // what a broken disk block can leave
  const reopened = await Store.open(dir, { segmentBytes: 1024 });
  assert.equal(reopened.quarantined.length, 1);
  assert.ok(reopened.all('ticket').length < 6, 'the newest segment held tickets');
  assert.ok(reopened.highestIssued('ticket:2026-11-27:A') >= 6, 'no ticket number is handed out again');
  const next = await reopened.commit([ticket('t7', 'A7')], sampleDraft('ticket.issued', 7));
  assert.ok((next.tx?.seq ?? 0) > 6, 'no sequence number is handed out again');
  assert.ok(
    reopened.skipped.some((s) => s.scope === 'ticket:2026-11-27:A' && s.day === '2026-11-27'),
    'the skip is reported',
  );
  await reopened.close();
});

test('orphan temporary files of interrupted writes are removed at open', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  await store.commit([ticket('t1', 'A1')]);
  await store.close();
  writeFileSync(join(dir, '.seg-00000000-000001.log.tmp'), 'half a segment');
  writeFileSync(join(dir, '.numbering.json.123.tmp'), 'half a file');
  const reopened = await Store.open(dir);
  assert.deepEqual([...reopened.repairs.removedTemporary].sort(), [
    '.numbering.json.123.tmp',
    '.seg-00000000-000001.log.tmp',
  ]);
  assert.ok(!readdirSync(dir).some((n) => n.endsWith('.tmp')));
  await reopened.close();
});

test('an unreadable numbering file is rebuilt from the log, with a warning', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  for (let i = 1; i <= 3; i++)
    await store.commit([ticket(`t${i}`, `A${i}`)], sampleDraft('ticket.issued', i));
  await store.close();
  writeFileSync(join(dir, 'numbering.json'), randomBytes(64));
  const reopened = await Store.open(dir);
  assert.match(reopened.repairs.numberingRebuiltBecause ?? '', /checksum|no checksum/);
  assert.equal((await reopened.commit([ticket('t4', 'A4')], sampleDraft('ticket.issued', 4))).tx?.seq, 4);
  await reopened.close();
  const fresh = await Store.open(dir);
  assert.equal(fresh.repairs.numberingRebuiltBecause, null, 'written afresh');
  await fresh.close();
});

test('a record handed to commit can be changed by the caller without changing the stored copy', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  const t = ticket('t1', 'A1');
  await store.commit([t]);
  t.status = 'done';
  assert.equal(store.get('ticket', 't1')?.status, 'waiting');
  await store.close();
});
