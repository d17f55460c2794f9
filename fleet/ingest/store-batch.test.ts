import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeTx } from '../../test/support/tx.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { parseTx } from './parse-tx.ts';
import { queryTransactions } from './query-transactions.ts';
import { type IncomingTx, storeBatch } from './store-batch.ts';
import { storeResilient } from './store-resilient.ts';

let db: CentralDb;
before(async () => {
  db = await openCentralDb();
});
after(async () => {
  await db.close();
});

function incoming(kiosk: string, payload: unknown): IncomingTx {
  const topic = `v1/kiosks/${kiosk}/tx`;
  const buf = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return { topic, payload: buf, parsed: parseTx(topic, buf) };
}

test('one batch: new rows ok, a repeat inside the batch dup, acks grouped per kiosk in order', async () => {
  const a1 = makeTx('KA', 1);
  const a2 = makeTx('KA', 2);
  const b1 = makeTx('KB', 1);
  const out = await storeBatch(db, 'w', [
    incoming('KA', a1),
    incoming('KB', b1),
    incoming('KA', a2),
    incoming('KA', a1),
  ]);
  assert.equal(out.stored, 3);
  assert.deepEqual(out.acks.get('KA'), [
    { txId: a1.txId, r: 'ok' },
    { txId: a2.txId, r: 'ok' },
    { txId: a1.txId, r: 'dup' },
  ]);
  assert.deepEqual(out.acks.get('KB'), [{ txId: b1.txId, r: 'ok' }]);
  assert.deepEqual(
    (await queryTransactions(db, 'KA')).map((r) => r.seq),
    [1, 2],
  );
});

test('a later batch with stored rows acks them dup and stores nothing', async () => {
  const c1 = makeTx('KC', 1);
  await storeBatch(db, 'w', [incoming('KC', c1)]);
  const out = await storeBatch(db, 'w', [incoming('KC', c1)]);
  assert.equal(out.stored, 0);
  assert.deepEqual(out.acks.get('KC'), [{ txId: c1.txId, r: 'dup' }]);
});

test('rejections are stored aside; only those with a txId are acked', async () => {
  const bad = { ...makeTx('KD', 1), seq: 0 };
  const out = await storeBatch(db, 'w', [incoming('KD', bad), incoming('KD', 'garbage\u0000')]);
  assert.equal(out.rejected, 2);
  assert.equal(out.stored, 0);
  assert.deepEqual(
    out.acks.get('KD')?.map((a) => [a.txId, a.r]),
    [[bad.txId, 'rejected']],
  );
  const rows = await db.query<{ tx_id: string | null }>(
    "SELECT tx_id FROM rejected_tx WHERE kiosk_id = 'KD'",
  );
  assert.equal(rows.length, 2);
});

test('a body with quotes, backslashes and Chinese text round-trips through the array insert', async () => {
  const valid = makeTx('KE', 1);
  // A valid ticket.issued body, with text fields added (later versions may add fields).
  const tx = { ...valid, body: { ...valid.body, note: '引号"和\\反斜杠', nested: { list: [1, '{a,b}'] } } };
  await storeBatch(db, 'w', [incoming('KE', tx)]);
  const [row] = await queryTransactions(db, 'KE');
  assert.deepEqual(row?.body, tx.body);
});

test('a body the database refuses is rejected alone; the rest of the batch is stored', async () => {
  const good = makeTx('KF', 1);
  const second = makeTx('KF', 2);
  const poison = { ...second, body: { ...second.body, note: 'nul\u0000inside' } };
  const out = await storeResilient(db, 'w', [incoming('KF', good), incoming('KF', poison)]);
  assert.equal(out.stored, 1);
  assert.deepEqual(
    out.acks.get('KF')?.map((a) => a.r),
    ['ok', 'rejected'],
  );
  assert.match(out.acks.get('KF')?.[1]?.why ?? '', /^database refused it/);
  assert.deepEqual(
    (await queryTransactions(db, 'KF')).map((r) => r.txId),
    [good.txId],
  );
});

test('a database that is gone is an error, not a rejection', async () => {
  const gone = await openCentralDb();
  await gone.close();
  await assert.rejects(storeResilient(gone, 'w', [incoming('KG', makeTx('KG', 1))]));
});

test('a centre’s notice reply is applied and audited even when ingest runs without projections', async () => {
  const reply = makeTx('KR', 1, 'notice.replied');
  const out = await storeBatch(db, 'w', [incoming('KR', reply)], null);
  assert.equal(out.stored, 1);
  const audit = await db.query<{ action: string }>(
    `SELECT action FROM audit_log WHERE client = 'KR' AND detail->>'txId' = $1`,
    [reply.txId],
  );
  assert.deepEqual(
    audit.map((r) => r.action),
    ['notice.reply.centre'],
  );
});
