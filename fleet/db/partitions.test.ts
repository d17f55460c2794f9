/**
 * Monthly partitions in PGlite: a database from before partitioning is moved into them on open,
 * and ingest makes the month a batch writes into (and the next) before it writes.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { encodeTime } from 'ulid';
import type { TxEnvelope } from '../../contract/mqtt.ts';
import type { IncomingTx } from '../ingest/store-batch.ts';
import { storeBatch } from '../ingest/store-batch.ts';
import { openCentralDb } from './central-db.ts';
import { projectionsOutdated } from './schema.ts';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'shequ-partitions-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const ulidAt = (iso: string, tail: string) => `${encodeTime(Date.parse(iso), 10)}${tail.padStart(16, '0')}`;

const partitionOf = async (
  db: { query<T extends object>(s: string, p?: unknown[]): Promise<T[]> },
  table: string,
) =>
  Object.fromEntries(
    (
      await db.query<{ tx_id: string; part: string }>(
        `SELECT tx_id, tableoid::regclass::text AS part FROM ${table} ORDER BY tx_id`,
      )
    ).map((r) => [r.tx_id, r.part]),
  );

test('a database from before partitioning is moved into monthly partitions when opened', async () => {
  const dir = join(root, 'legacy');
  const jan = ulidAt('2025-01-15T03:00:00Z', '1');
  const mar = ulidAt('2025-03-02T03:00:00Z', '2');
  const old = await PGlite.create(dir);
  // The raw table and the case timeline as the schema made them before partitioning.
  await old.exec(`
    CREATE TABLE transactions (kiosk_id text NOT NULL, tx_id text NOT NULL, seq bigint NOT NULL, type text NOT NULL,
      ts bigint NOT NULL, body jsonb NOT NULL, worker text NOT NULL, received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kiosk_id, tx_id));
    CREATE INDEX transactions_kiosk_seq ON transactions (kiosk_id, seq);
    CREATE TABLE case_events (kiosk_id text NOT NULL, tx_id text NOT NULL, case_id text NOT NULL, seq bigint NOT NULL,
      ts bigint NOT NULL, change text NOT NULL, state text NOT NULL, PRIMARY KEY (kiosk_id, tx_id));
    INSERT INTO transactions (kiosk_id, tx_id, seq, type, ts, body, worker) VALUES
      ('K1', '${jan}', 1, 'ticket.issued', 1, '{}', 'w'), ('K1', '${mar}', 2, 'ticket.issued', 2, '{}', 'w'),
      ('K1', 'not-a-ulid', 3, 'ticket.issued', 3, '{}', 'w');
    INSERT INTO case_events (kiosk_id, tx_id, case_id, seq, ts, change, state) VALUES
      ('K1', '${mar}', 'c1', 2, 2, 'accepted', 'accepted');`);
  await old.close();

  const db = await openCentralDb(dir);
  try {
    const kinds = await db.query<{ relname: string; kind: string }>(
      `SELECT relname, relkind::text AS kind FROM pg_class
        WHERE relname IN ('transactions', 'case_events', 'transactions_unpartitioned', 'case_events_unpartitioned')
        ORDER BY relname`,
    );
    assert.deepEqual(kinds, [
      { relname: 'case_events', kind: 'p' },
      { relname: 'transactions', kind: 'p' },
    ]);
    assert.deepEqual(await partitionOf(db, 'transactions'), {
      [jan]: 'transactions_y2025m01',
      [mar]: 'transactions_y2025m03',
      'not-a-ulid': 'transactions_default',
    });
    assert.deepEqual(await partitionOf(db, 'case_events'), { [mar]: 'case_events_y2025m03' });
    // The months in between exist too (a gap month is not left to the default partition).
    const [feb] = await db.query<{ ok: boolean }>(
      `SELECT to_regclass('transactions_y2025m02') IS NOT NULL AS ok`,
    );
    assert.equal(feb?.ok, true);
    // Moved rows are not a new database: its projections are rebuilt, not marked current.
    assert.equal(await projectionsOutdated(db), true);
  } finally {
    await db.close();
  }
  // Opening again changes nothing.
  const again = await openCentralDb(dir);
  try {
    const [n] = await again.query<{ n: number }>('SELECT count(*)::int AS n FROM transactions');
    assert.equal(n?.n, 3);
  } finally {
    await again.close();
  }
});

test('ingest makes the month of a batch (and the next) before writing into it; a resend is still a dup', async () => {
  const db = await openCentralDb();
  try {
    const tx: TxEnvelope = {
      v: 1,
      kiosk: 'K9',
      txId: ulidAt('2031-06-10T02:00:00Z', '9'),
      seq: 1,
      type: 'device.alarm',
      ts: Date.parse('2031-06-10T02:00:00Z'),
      body: { device: 'printer', kind: 'paper-out' },
    };
    const item: IncomingTx = {
      topic: 'v1/kiosks/K9/tx',
      payload: Buffer.alloc(0),
      parsed: { kind: 'valid', tx },
    };
    // The batch arrives in June 2031: its month is inside the partition window.
    const now = Date.parse('2031-06-10T02:00:05Z');
    const first = await storeBatch(db, 'w', [item], undefined, undefined, now);
    assert.deepEqual(first.acks.get('K9'), [{ txId: tx.txId, r: 'ok' }]);
    assert.deepEqual(await partitionOf(db, 'transactions'), { [tx.txId]: 'transactions_y2031m06' });
    assert.deepEqual(await partitionOf(db, 'kiosk_alarms'), { [tx.txId]: 'kiosk_alarms_y2031m06' });
    const [ahead] = await db.query<{ ok: boolean }>(
      `SELECT to_regclass('case_events_y2031m07') IS NOT NULL AS ok`,
    );
    assert.equal(ahead?.ok, true, 'the month after is made ahead');
    const again = await storeBatch(db, 'w', [item], undefined, undefined, now);
    assert.deepEqual(again.acks.get('K9'), [{ txId: tx.txId, r: 'dup' }]);
  } finally {
    await db.close();
  }
});

const alarmItem = (kiosk: string, txId: string): IncomingTx => ({
  topic: `v1/kiosks/${kiosk}/tx`,
  payload: Buffer.alloc(0),
  parsed: {
    kind: 'valid',
    tx: {
      v: 1,
      kiosk,
      txId,
      seq: 1,
      type: 'device.alarm',
      ts: 1,
      body: { device: 'printer', kind: 'paper-out' },
    },
  },
});

test('a tx dated past the window (year 10889, or a clock years ahead) is rejected alone; the batch is stored', async () => {
  const db = await openCentralDb();
  try {
    const now = Date.parse('2026-12-01T12:00:00Z');
    const farFuture = `7ZZZZZZZZZ${'1'.repeat(16)}`; // the contract's largest ULID time: year 10889
    const clockAhead = ulidAt('2031-06-10T02:00:00Z', '2');
    const behind = ulidAt('2019-03-01T00:00:00Z', '3');
    const good = ulidAt('2026-12-01T11:59:00Z', '4');
    const outcome = await storeBatch(
      db,
      'w',
      [
        alarmItem('KA', farFuture),
        alarmItem('KA', clockAhead),
        alarmItem('KB', good),
        alarmItem('KC', behind),
      ],
      undefined,
      undefined,
      now,
    );
    assert.deepEqual(
      outcome.acks.get('KA')?.map((a) => a.r),
      ['rejected', 'rejected'],
    );
    assert.deepEqual(outcome.acks.get('KB'), [{ txId: good, r: 'ok' }]);
    assert.deepEqual(outcome.acks.get('KC'), [{ txId: behind, r: 'ok' }]);
    assert.deepEqual(await partitionOf(db, 'transactions'), {
      [behind]: 'transactions_default',
      [good]: 'transactions_y2026m12',
    });
    const [made] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('transactions_y2031m06', 'transactions_y2019m03')`,
    );
    assert.equal(made?.n, 0, 'no partition for a month outside the window');
    const [why] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rejected_tx WHERE kiosk_id = 'KA' AND why LIKE '%after next month%'`,
    );
    assert.equal(why?.n, 2);
  } finally {
    await db.close();
  }
});
