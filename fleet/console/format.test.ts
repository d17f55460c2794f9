import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ago, formatKioskDetail, formatKioskTable, stateLabel } from './format.ts';
import type { KioskView } from './kiosk-view.ts';

const now = 1_700_000_000_000;
const view: KioskView = {
  kioskId: 'K0001',
  state: 'online',
  sess: 7,
  since: now - 90_000,
  reason: undefined,
  lastSeen: now - 5_000,
  version: '0.1.0',
  telemetry: {
    ts: now - 5_000,
    reader: { state: 'ok' },
    printer: { state: 'warning', detail: 'paper low' },
    outbox: { depth: 4, oldestAgeMs: 65_000 },
    queue: { waiting: 2 },
    version: '0.1.0',
  },
};

test('relative times', () => {
  assert.equal(ago(undefined, now), '-');
  assert.equal(ago(now - 4_000, now), '4s ago');
  assert.equal(ago(now - 120_000, now), '2m ago');
  assert.equal(ago(now - 3 * 86_400_000, now), '3d ago');
});

test('the table has a header and one aligned line per kiosk with health and outbox', () => {
  const lines = formatKioskTable(
    [view, { ...view, kioskId: 'K0002', state: 'offline', telemetry: undefined }],
    now,
  ).split('\n');
  assert.equal(lines.length, 3);
  assert.match(
    lines[0]!,
    /^KIOSK\s+SITE\s+STATE\s+SINCE\s+SESS\s+LAST SEEN\s+VERSION\s+PRINTER\s+READER\s+OUTBOX\s+SCANNER\s+FAULTS$/,
  );
  assert.match(
    lines[1]!,
    /K0001\s+-\s+online\s+\d\d:\d\d:\d\d \(1m ago\)\s+7\s+\d\d:\d\d:\d\d \(5s ago\)\s+0\.1\.0\s+warning \(paper low\)\s+ok\s+4 \(oldest 1m\)/,
  );
  assert.match(lines[2]!, /K0002\s+-\s+offline/);
  assert.equal(formatKioskTable([], now), 'no kiosks known');
});

test('the detail block reports missing sequence numbers', () => {
  const summary = {
    count: 8,
    minSeq: 1,
    maxSeq: 10,
    lastReceivedAt: now - 1000,
    rejected: 0,
    lastRejectedWhy: undefined,
  };
  const text = formatKioskDetail(view, summary, now);
  assert.doesNotMatch(text, /rejected/);
  assert.match(text, /transactions\s+8 stored, seq 1\.\.10, 2 missing/);
  assert.match(text, /state\s+online since \d\d:\d\d:\d\d \(1m ago\)/);
  assert.match(formatKioskDetail(view, undefined, now), /none stored/);
});

test('an online kiosk whose telemetry stopped is marked silent', () => {
  const quiet = { ...view, telemetry: { ...view.telemetry!, ts: now - 12 * 60_000 } };
  assert.equal(stateLabel(quiet, now), 'online, silent 12m');
  assert.equal(stateLabel(view, now), 'online');
  assert.equal(stateLabel({ ...quiet, state: 'offline' }, now), 'offline');
  assert.equal(stateLabel({ ...view, telemetry: undefined }, now), 'online', 'no telemetry seen: no verdict');
  assert.match(formatKioskTable([quiet], now), /K0001\s+-\s+online, silent 12m/);
});

test('rejections are shown with the latest reason, also for a kiosk with nothing stored', () => {
  const text = formatKioskDetail(
    view,
    {
      count: 0,
      minSeq: 0,
      maxSeq: 0,
      lastReceivedAt: 0,
      rejected: 2,
      lastRejectedWhy: 'invalid TxEnvelope at /seq',
    },
    now,
  );
  assert.match(text, /transactions\s+0 stored$/m);
  assert.match(text, /rejected\s+2, latest: invalid TxEnvelope at \/seq/);
});

test('the scanner is shown beside the other devices, in the table and the detail', () => {
  const withScanner = {
    ...view,
    telemetry: { ...view.telemetry!, scanner: { state: 'disconnected' as const, detail: 'unplugged' } },
  };
  const [, row] = formatKioskTable([withScanner], now).split('\n');
  assert.match(row!, /4 \(oldest 1m\)\s+disconnected \(unplugged\)\s+-$/);
  assert.match(formatKioskDetail(withScanner, undefined, now), /^scanner\s+disconnected \(unplugged\)$/m);
  assert.match(formatKioskDetail(view, undefined, now), /^scanner\s+-$/m, 'no scanner reported');
});
