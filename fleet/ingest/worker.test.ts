import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { type AckPayload, topics } from '../../contract/mqtt.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient, json, recordMessages } from '../../test/support/mqtt.ts';
import { makeTx } from '../../test/support/tx.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { queryTransactions } from './query-transactions.ts';
import { type IngestWorker, startIngest } from './worker.ts';

type Ack = AckPayload['acks'][number];

describe('ingest worker against a real mosquitto and PGlite in memory', () => {
  let broker: MosquittoBroker;
  let db: CentralDb;
  let worker: IngestWorker;
  let kiosk: MqttClient;
  let received: ReturnType<typeof recordMessages>;

  before(async () => {
    broker = await startMosquitto();
    db = await openCentralDb();
    worker = await startIngest({ brokerUrl: broker.url, db, workerId: 'w1' });
    kiosk = await connectClient(broker.url, { clientId: 'K0001', protocolVersion: 5 });
    received = recordMessages(kiosk);
    await kiosk.subscribeAsync(topics.ack('K0001'), { qos: 1 });
  });

  after(async () => {
    await kiosk.endAsync();
    await worker.close();
    await db.close();
    await broker.stop();
  });

  function ackFor(txId: string, r: Ack['r']): Promise<Ack> {
    return received
      .waitFor(
        (m) =>
          m.topic === topics.ack('K0001') &&
          (json(m) as AckPayload).acks.some((a) => a.txId === txId && a.r === r),
        5000,
        `ack ${r} for ${txId}`,
      )
      .then((m) => (json(m) as AckPayload).acks.find((a) => a.txId === txId)!);
  }

  test('a transaction is stored once and acked ok', async () => {
    const tx = makeTx('K0001', 1);
    await kiosk.publishAsync(topics.tx('K0001'), JSON.stringify(tx), { qos: 1 });
    const ack = await ackFor(tx.txId, 'ok');
    assert.equal(ack.r, 'ok');
    const rows = (await queryTransactions(db, 'K0001')).filter((r) => r.txId === tx.txId);
    assert.deepEqual(rows, [
      { kioskId: 'K0001', txId: tx.txId, seq: 1, type: 'ticket.issued', ts: tx.ts, body: tx.body },
    ]);
    assert.equal(worker.stored, 1);
  });

  test('the same transaction again is acked dup and still stored once', async () => {
    const tx = makeTx('K0001', 2);
    await kiosk.publishAsync(topics.tx('K0001'), JSON.stringify(tx), { qos: 1 });
    await ackFor(tx.txId, 'ok');
    await kiosk.publishAsync(topics.tx('K0001'), JSON.stringify(tx), { qos: 1 });
    await ackFor(tx.txId, 'dup');
    const rows = (await queryTransactions(db, 'K0001')).filter((r) => r.txId === tx.txId);
    assert.equal(rows.length, 1);
  });

  test('a schema-invalid transaction is acked rejected with the problem named, and kept aside', async () => {
    const tx = { ...makeTx('K0001', 3), seq: -5 };
    await kiosk.publishAsync(topics.tx('K0001'), JSON.stringify(tx), { qos: 1 });
    const ack = await ackFor(tx.txId, 'rejected');
    assert.match(ack.why ?? '', /\/seq/);
    assert.equal((await queryTransactions(db, 'K0001')).filter((r) => r.txId === tx.txId).length, 0);
    const kept = await db.query<{ why: string }>('SELECT why FROM rejected_tx WHERE tx_id = $1', [tx.txId]);
    assert.equal(kept.length, 1);
    assert.match(kept[0]!.why, /seq/);
  });

  test('a payload from another kiosk than the topic says is rejected', async () => {
    const tx = makeTx('K0002', 1);
    await kiosk.publishAsync(topics.tx('K0001'), JSON.stringify(tx), { qos: 1 });
    const ack = await ackFor(tx.txId, 'rejected');
    assert.match(ack.why ?? '', /does not match the topic kiosk 'K0001'/);
  });

  test('a payload that is not JSON is kept aside and the worker carries on', async () => {
    await kiosk.publishAsync(topics.tx('K0001'), 'not json {', { qos: 1 });
    const tx = makeTx('K0001', 4);
    await kiosk.publishAsync(topics.tx('K0001'), JSON.stringify(tx), { qos: 1 });
    await ackFor(tx.txId, 'ok');
    const kept = await db.query<{ why: string; payload: string }>(
      "SELECT why, payload FROM rejected_tx WHERE payload = 'not json {'",
    );
    assert.equal(kept.length, 1);
    assert.match(kept[0]!.why, /^not JSON/);
  });

  test('the retained ingest state says online with the worker id', async () => {
    const observer = await connectClient(broker.url, { protocolVersion: 5 });
    try {
      const seen = recordMessages(observer);
      await observer.subscribeAsync(topics.ingestState, { qos: 1 });
      const m = await seen.waitFor((x) => x.topic === topics.ingestState, 3000, 'retained ingest state');
      assert.equal(m.retain, true);
      assert.deepEqual({ ...(json(m) as object), ts: 0 }, { state: 'online', worker: 'w1', ts: 0 });
    } finally {
      await observer.endAsync();
    }
  });
});
