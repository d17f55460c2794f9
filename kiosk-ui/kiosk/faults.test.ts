import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceHealth, DevicesView } from '../../contract/api.ts';
import { sampleState } from '../test-support/fixtures.ts';
import { summariseFaults } from './faults.ts';

const devices = (change: Partial<Record<'reader' | 'printer' | 'uplink', DeviceHealth>>): DevicesView => ({
  ...sampleState().devices,
  ...change,
});

test('all well: no faults, everything possible', () => {
  assert.deepEqual(summariseFaults(sampleState().devices, true), {
    faults: [],
    canPrint: true,
    canReadCards: true,
    canIssue: true,
  });
});

test('the appliance stream down is the one fault that stops issuing', () => {
  const s = summariseFaults(sampleState().devices, false);
  assert.deepEqual(s.faults, ['appliance-offline']);
  assert.equal(s.canIssue, false);
});

test('uplink down is a notice only: tickets are still issued and printed', () => {
  const s = summariseFaults(devices({ uplink: { state: 'disconnected', since: 1 } }), true);
  assert.deepEqual(s.faults, ['uplink-down']);
  assert.equal(s.canIssue, true);
  assert.equal(s.canPrint, true);
});

test('printer faults are told apart by their detail', () => {
  const cases: [DeviceHealth, string, boolean][] = [
    [{ state: 'fault', detail: 'paper-out', since: 1 }, 'printer-paper-out', false],
    [{ state: 'fault', detail: '缺纸', since: 1 }, 'printer-paper-out', false],
    [{ state: 'fault', detail: 'paper jam', since: 1 }, 'printer-jammed', false],
    [{ state: 'fault', detail: 'cover-open', since: 1 }, 'printer-cover-open', false],
    [{ state: 'fault', since: 1 }, 'printer-fault', false],
    [{ state: 'fault', detail: '打印头过热 head overheat', since: 1 }, 'printer-fault', false],
    [{ state: 'fault', detail: '打印机离线 offline', since: 1 }, 'printer-offline', false],
    // the exact texts of drivers/printer/escpos/status.ts CONDITION_TEXT
    [{ state: 'fault', detail: '缺纸 paper out', since: 1 }, 'printer-paper-out', false],
    [{ state: 'fault', detail: '纸仓盖打开 cover open', since: 1 }, 'printer-cover-open', false],
    [{ state: 'fault', detail: '卡纸 paper jam', since: 1 }, 'printer-jammed', false],
    [{ state: 'fault', detail: '切刀故障 cutter error', since: 1 }, 'printer-jammed', false],
    [{ state: 'warning', detail: '纸将用完 paper near end', since: 1 }, 'printer-paper-low', true],
    [{ state: 'disconnected', since: 1 }, 'printer-offline', false],
    [{ state: 'warning', detail: 'paper-near-end', since: 1 }, 'printer-paper-low', true],
  ];
  for (const [printer, fault, canPrint] of cases) {
    const s = summariseFaults(devices({ printer }), true);
    assert.deepEqual(s.faults, [fault], JSON.stringify(printer));
    assert.equal(s.canPrint, canPrint, JSON.stringify(printer));
    assert.equal(s.canIssue, true);
  }
  assert.deepEqual(
    summariseFaults(devices({ printer: { state: 'warning', detail: 'hot', since: 1 } }), true).faults,
    [],
  );
});

test('a reader unplugged or faulty blocks card services only', () => {
  const unplugged = summariseFaults(devices({ reader: { state: 'disconnected', since: 1 } }), true);
  assert.deepEqual(unplugged.faults, ['reader-unplugged']);
  assert.equal(unplugged.canReadCards, false);
  assert.equal(unplugged.canIssue, true);
  const faulty = summariseFaults(devices({ reader: { state: 'fault', detail: 'SAM', since: 1 } }), true);
  assert.deepEqual(faulty.faults, ['reader-fault']);
  assert.equal(summariseFaults(devices({ reader: { state: 'warning', since: 1 } }), true).canReadCards, true);
});
