import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sampleDraft } from '../../test/support/tx.ts';
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

test('commits survive a reopen, across segment boundaries, with the last version of each record', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { segmentSize: 4 });
  for (let i = 1; i <= 10; i++) {
    await store.commit([ticket(`t${i}`, `A${i}`)], sampleDraft('ticket.issued', i));
  }
  await store.commit([{ ...ticket('t3', 'A3'), status: 'called' }]);
  assert.equal(readdirSync(dir).filter((n) => n.endsWith('.json')).length, 3);
  const reopened = await Store.open(dir, { segmentSize: 4 });
  assert.equal(reopened.all('ticket').length, 10);
  assert.equal(reopened.get('ticket', 't3')?.status, 'called');
  assert.deepEqual(
    reopened.transactions().map((t) => t.seq),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  const next = await reopened.commit([ticket('t11', 'A11')], sampleDraft('ticket.issued', 11));
  assert.equal(next.tx?.seq, 11, 'sequence numbers continue after a restart');
});

test('concurrent commits are grouped and all resolve durable, in order', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { segmentSize: 64 });
  const commits = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      store.commit([ticket(`t${i}`, `A${i}`)], sampleDraft('ticket.issued', i)),
    ),
  );
  assert.deepEqual(
    commits.map((c) => c.tx?.seq),
    Array.from({ length: 100 }, (_, i) => i + 1),
  );
  const reopened = await Store.open(dir, { segmentSize: 64 });
  assert.equal(reopened.all('ticket').length, 100);
});

test('a corrupt segment is quarantined and reported, not replaced by an empty store', async () => {
  const dir = tempDir();
  const store = await Store.open(dir, { segmentSize: 2 });
  for (let i = 1; i <= 5; i++)
    await store.commit([ticket(`t${i}`, `A${i}`)], sampleDraft('ticket.issued', i));
  const segments = readdirSync(dir)
    .filter((n) => n.startsWith('seg-'))
    .sort();
  writeFileSync(join(dir, segments[1]!), '{"v":1,"first":3,"commits":[{"n":3,');
  const reopened = await Store.open(dir, { segmentSize: 2 });
  assert.equal(reopened.quarantined.length, 1);
  assert.match(reopened.quarantined[0]!.reason, /corrupt/);
  assert.ok(
    readdirSync(dir).some((n) => n.includes('.corrupt-')),
    'the bad file is kept aside for inspection',
  );
  assert.deepEqual(
    reopened
      .all('ticket')
      .map((t) => t.id)
      .sort(),
    ['t1', 't2', 't5'],
  );
  const next = await reopened.commit([ticket('t6', 'A6')], sampleDraft('ticket.issued', 6));
  assert.ok((next.tx?.seq ?? 0) > 5, 'no sequence number is reused');
});

test('a record handed to commit can be changed by the caller without changing the stored copy', async () => {
  const dir = tempDir();
  const store = await Store.open(dir);
  const t = ticket('t1', 'A1');
  await store.commit([t]);
  t.status = 'done';
  assert.equal(store.get('ticket', 't1')?.status, 'waiting');
});
