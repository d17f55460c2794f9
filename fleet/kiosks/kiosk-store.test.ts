import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Telemetry } from '../../contract/mqtt.ts';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { queryKiosks, recordStatus, recordTelemetry } from './kiosk-store.ts';

let db: CentralDb;
before(async () => {
  db = await openCentralDb();
});
after(async () => {
  await db.close();
});

const telemetry = (ts: number, depth: number): Telemetry => ({
  ts,
  reader: { state: 'ok' },
  printer: { state: 'warning', detail: 'paper low' },
  outbox: { depth, oldestAgeMs: 1200 },
  queue: { waiting: 4 },
  version: '0.1.0',
});

test('a stale will with a lower sess does not mark a reconnected kiosk offline', async () => {
  assert.equal(
    await recordStatus(db, 'K1', { state: 'online', sess: 5, ts: 1000, version: '0.1.0' }, 1000),
    true,
  );
  assert.equal(await recordStatus(db, 'K1', { state: 'offline', sess: 4, ts: 900 }, 1100), false);
  const [k] = await queryKiosks(db, 'K1');
  assert.equal(k?.state, 'online');
  assert.equal(k?.sess, 5);
  assert.equal(k?.version, '0.1.0');
});

test("the kiosk's own offline for the current session applies", async () => {
  assert.equal(
    await recordStatus(db, 'K1', { state: 'offline', sess: 5, ts: 2000, reason: 'shutdown' }, 2000),
    true,
  );
  const [k] = await queryKiosks(db, 'K1');
  assert.equal(k?.state, 'offline');
  assert.equal(k?.reason, 'shutdown');
  assert.equal(k?.version, '0.1.0', 'an offline without version keeps the known version');
});

test('telemetry is kept per kiosk and older telemetry does not replace newer', async () => {
  assert.equal(await recordTelemetry(db, 'K2', telemetry(5000, 3), 5000), true);
  assert.equal(await recordTelemetry(db, 'K2', telemetry(4000, 9), 5100), false);
  const [k] = await queryKiosks(db, 'K2');
  assert.equal(k?.telemetry?.outbox.depth, 3);
  assert.equal(k?.state, undefined, 'no status seen yet');
  assert.equal(k?.lastSeen, 5000);
});

test('the database applies the same session-reset exception', async () => {
  await recordStatus(db, 'K3', { state: 'offline', sess: 57, ts: 1_000_000 }, 1_000_000);
  assert.equal(await recordStatus(db, 'K3', { state: 'online', sess: 1, ts: 1_060_000 }, 1_060_000), false);
  assert.equal(await recordStatus(db, 'K3', { state: 'online', sess: 1, ts: 1_700_000 }, 1_700_000), true);
  const [k] = await queryKiosks(db, 'K3');
  assert.deepEqual([k?.state, k?.sess], ['online', 1]);
  assert.equal(await recordStatus(db, 'K3', { state: 'offline', sess: 0, ts: 1_800_000 }, 1_800_000), false);
});
