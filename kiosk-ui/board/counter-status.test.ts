import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallView } from '../../contract/api.ts';
import { sampleState } from '../test-support/fixtures.ts';
import { latestPerCounter } from './counter-status.ts';

const call = (ticketNumber: string, counterNumber: number, calledAt: number): CallView => ({
  ticketNumber,
  serviceName: '社保业务',
  counterNumber,
  counterName: `${counterNumber}号窗口`,
  calledAt,
});

test('each counter shows its most recent call, counters in number order', () => {
  const counters = [...sampleState().counters].reverse();
  const rows = latestPerCounter([call('A003', 3, 30), call('A002', 1, 20), call('A001', 3, 10)], counters);
  assert.deepEqual(
    rows.map((r) => [r.counter.number, r.call?.ticketNumber ?? null]),
    [
      [1, 'A002'],
      [3, 'A003'],
    ],
  );
});

test('a counter that has called nobody has no call', () => {
  const rows = latestPerCounter([], sampleState().counters);
  assert.ok(rows.every((r) => r.call === null));
});
