import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MqttClient } from 'mqtt';
import { type AckPayload, type TxEnvelope, topics } from '../../contract/mqtt.ts';
import { type MosquittoBroker, startMosquitto } from '../../test/support/mosquitto.ts';
import { connectClient } from '../../test/support/mqtt.ts';
import { type PostgresServer, startPostgres } from '../../test/support/postgres.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { PROJECTION_TABLES } from '../db/projection-schema.ts';
import { type IngestWorker, startIngest } from '../ingest/worker.ts';
import { actOnRectification } from '../rectifications/actions.ts';
import { districtStream } from '../simulate/district-stream.ts';
import { projectionOptions } from './options.ts';
import { rebuildProjections } from './rebuild.ts';

/** Every projection table's rows, order-free, without the wall-clock column of central's own acts. */
async function snapshot(db: CentralDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of [...PROJECTION_TABLES, 'rectifications']) {
    const rows = await db.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
    out[table] = rows
      .map(({ updated_at: _wallClock, ...r }) => JSON.stringify(r, Object.keys(r).sort()))
      .sort();
  }
  return out;
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('projections kept by two ingest workers from a shuffled stream with duplicates (PostgreSQL, mosquitto)', () => {
  let pg: PostgresServer;
  let broker: MosquittoBroker;
  let db: CentralDb;
  let workers: IngestWorker[];
  let kiosk: MqttClient;
  const stream: TxEnvelope[] = [
    ...districtStream({ centres: 3, from: '2025-03-03', days: 28, ticketsPerDay: 20, seed: 7 }),
  ];
  const acked = new Map<string, string>();

  async function publishAll(txs: TxEnvelope[]): Promise<void> {
    const want = new Set(txs.map((t) => t.txId));
    const done = new Promise<void>((resolve) => {
      const check = () => {
        for (const id of want) if (!acked.has(id)) return;
        kiosk.off('message', onMessage);
        resolve();
      };
      const onMessage = () => check();
      kiosk.on('message', onMessage);
      check();
    });
    for (const t of txs) kiosk.publish(topics.tx(t.kiosk), JSON.stringify(t), { qos: 1 });
    await done;
  }

  before(async () => {
    [pg, broker] = await Promise.all([startPostgres(), startMosquitto()]);
    db = await openCentralDb(pg.url);
    const opts = projectionOptions();
    workers = await Promise.all(
      ['p1', 'p2'].map((id) => startIngest({ brokerUrl: broker.url, db, workerId: id, projection: opts })),
    );
    kiosk = await connectClient(broker.url, { clientId: 'publisher', protocolVersion: 5 });
    kiosk.on('message', (_topic, payload) => {
      for (const a of (JSON.parse(payload.toString()) as AckPayload).acks) acked.set(a.txId, a.r);
    });
    await kiosk.subscribeAsync('v1/kiosks/+/ack', { qos: 1 });
    const dups = stream.filter((_, i) => i % 9 === 0);
    await publishAll(shuffled([...stream, ...dups], 42));
  });

  after(async () => {
    await kiosk?.endAsync();
    for (const w of workers ?? []) await w.close();
    await db?.close();
    await Promise.all([broker?.stop(), pg?.stop()]);
  });

  const count = (type: string, pred: (t: TxEnvelope) => boolean = () => true) =>
    stream.filter((t) => t.type === type && pred(t)).length;

  test('the summary figures equal what the stream says, counted once despite duplicates', async () => {
    const [tickets] = await db.query<Record<string, number>>(
      `SELECT sum(issued)::int AS issued, sum(waiting)::int AS waiting, sum(no_show)::int AS no_show,
              sum(served)::int AS served, sum(wait_n)::int AS wait_n FROM ticket_stats`,
    );
    assert.equal(tickets!.issued, count('ticket.issued'));
    assert.equal(tickets!.no_show, count('ticket.no-show'));
    assert.equal(tickets!.served, count('ticket.completed'));
    assert.equal(tickets!.waiting, 0, 'every simulated ticket was called');
    assert.equal(tickets!.wait_n, count('ticket.called'));
    const [cases] = await db.query<Record<string, number>>(
      `SELECT sum(accepted)::int AS accepted, sum(completed)::int AS completed, sum(refused)::int AS refused,
              sum(suspended)::int AS suspended, sum(yellow)::int AS yellow FROM case_stats`,
    );
    const changed = (change: string) => (t: TxEnvelope) => t.body.change === change;
    assert.equal(cases!.accepted, count('case.accepted'));
    assert.equal(cases!.completed, count('case.changed', changed('complete')));
    assert.equal(cases!.refused, count('case.changed', changed('refuse')));
    assert.equal(cases!.suspended, count('case.changed', changed('suspend')));
    assert.equal(
      cases!.yellow,
      count('case.changed', (t) => t.body.change === 'level' && t.body.level === 'yellow'),
    );
    const [ratings] = await db.query<{ n: number; poor: number }>(
      'SELECT sum(n)::int AS n, sum(s1 + s2)::int AS poor FROM rating_stats',
    );
    assert.equal(ratings!.n, count('rating.given'));
    const [rect] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM rectifications');
    assert.equal(rect!.n, ratings!.poor);
    assert.ok(ratings!.poor > 0, 'the stream has 差评');
    assert.equal([...acked.values()].filter((r) => r === 'rejected').length, 0);
  });

  test("a case's row is its latest transaction and its timeline has every step in order", async () => {
    const suspended = stream.find((t) => t.body.change === 'suspend')!;
    const caseId = String(suspended.body.caseId);
    const steps = stream.filter((t) => t.body.caseId === caseId).map((t) => t.body.change);
    const timeline = await db.query<{ change: string }>(
      'SELECT change FROM case_events WHERE kiosk_id = $1 AND case_id = $2 ORDER BY seq',
      [suspended.kiosk, caseId],
    );
    assert.deepEqual(
      timeline.map((e) => e.change),
      steps,
    );
    const [row] = await db.query<{ state: string; suspensions: number; paused_working_days: number }>(
      'SELECT state, suspensions, paused_working_days FROM cases WHERE kiosk_id = $1 AND case_id = $2',
      [suspended.kiosk, caseId],
    );
    const last = stream.filter((t) => t.body.caseId === caseId).at(-1)!;
    assert.equal(row!.state, last.body.state);
    assert.equal(row!.suspensions, 1);
    assert.equal(row!.paused_working_days, 2);
  });

  test('rebuilt from the raw transactions, every projection is the same (central acts replayed)', async () => {
    const [poor] = await db.query<{ kiosk_id: string; rating_id: string }>(
      'SELECT kiosk_id, rating_id FROM rectifications ORDER BY rating_id LIMIT 1',
    );
    const key = { kioskId: poor!.kiosk_id, ratingId: poor!.rating_id };
    await db.transaction(async (tx) => {
      await actOnRectification(tx, key, { action: 'reply', text: '已加开窗口' }, 'sup1', '2025-04-01');
      await actOnRectification(
        tx,
        key,
        { action: 'visit', text: '群众表示满意', satisfied: true },
        'sup1',
        '2025-04-02',
      );
    });
    const live = await snapshot(db);
    for (const w of workers) await w.close();
    workers = [];
    const result = await rebuildProjections(db, projectionOptions(), 700);
    assert.equal(result.transactions, stream.length);
    const rebuilt = await snapshot(db);
    for (const table of Object.keys(live)) assert.deepEqual(rebuilt[table], live[table], table);
    const [visited] = await db.query<{ state: string }>(
      'SELECT state FROM rectifications WHERE kiosk_id = $1 AND rating_id = $2',
      [key.kioskId, key.ratingId],
    );
    assert.equal(visited!.state, 'visited');
  });

  test('transactions sent again after the rebuild are acked dup and change nothing', async () => {
    const before = await snapshot(db);
    workers = [await startIngest({ brokerUrl: broker.url, db, workerId: 'p3' })];
    const again = stream.slice(0, 300);
    for (const t of again) acked.delete(t.txId);
    await publishAll(again);
    assert.ok(again.every((t) => acked.get(t.txId) === 'dup'));
    assert.deepEqual(await snapshot(db), before);
  });
});
