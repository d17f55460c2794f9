import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Telemetry } from '../../contract/mqtt.ts';
import type { KioskRow } from '../kiosks/kiosk-store.ts';
import { mergeKioskViews } from './kiosk-view.ts';

const row = (over: Partial<KioskRow>): KioskRow => ({
  kioskId: 'K1',
  state: undefined,
  sess: undefined,
  statusTs: undefined,
  version: undefined,
  reason: undefined,
  telemetry: undefined,
  lastSeen: 1000,
  ...over,
});
const telemetry = (ts: number, depth: number): Telemetry => ({
  ts,
  reader: { state: 'ok' },
  printer: { state: 'ok' },
  outbox: { depth, oldestAgeMs: 0 },
  queue: { waiting: 0 },
  version: '0.2.0',
});

test('a retained stale will does not hide what the database knows is a newer session', () => {
  const [v] = mergeKioskViews(
    [row({ state: 'online', sess: 5, statusTs: 1000 })],
    new Map([['K1', { status: { state: 'offline', sess: 4, ts: 900 } }]]),
  );
  assert.equal(v?.state, 'online');
  assert.equal(v?.sess, 5);
});

test('a newer retained session from the broker wins over the database', () => {
  const [v] = mergeKioskViews(
    [row({ state: 'online', sess: 5, statusTs: 1000 })],
    new Map([['K1', { status: { state: 'offline', sess: 6, ts: 2000, reason: 'connection lost' } }]]),
  );
  assert.equal(v?.state, 'offline');
  assert.equal(v?.reason, 'connection lost');
  assert.equal(v?.lastSeen, 2000);
});

test('kiosks from either source are listed once, sorted; the newer telemetry is shown', () => {
  const views = mergeKioskViews(
    [row({ kioskId: 'K2', telemetry: telemetry(5000, 1) })],
    new Map([
      ['K2', { telemetry: telemetry(4000, 9) }],
      ['K0', { status: { state: 'online', sess: 1, ts: 10 } }],
    ]),
  );
  assert.deepEqual(
    views.map((v) => [v.kioskId, v.state, v.telemetry?.outbox.depth]),
    [
      ['K0', 'online', undefined],
      ['K2', 'unknown', 1],
    ],
  );
  assert.equal(views[1]?.version, '0.2.0');
});
