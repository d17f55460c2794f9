import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallView } from '../../contract/api.ts';
import { createCallTracker } from './call-tracker.ts';

const call = (ticketNumber: string, calledAt: number, counterNumber = 3): CallView => ({
  ticketNumber,
  serviceName: '社保业务',
  counterNumber,
  counterName: `${counterNumber}号窗口`,
  calledAt,
});

test('calls already on the board at load are not announced', () => {
  const tracker = createCallTracker();
  assert.deepEqual(tracker.newCalls([call('A002', 20), call('A001', 10)]), []);
});

test('new calls are announced once, oldest first', () => {
  const tracker = createCallTracker();
  tracker.newCalls([call('A001', 10)]);
  const fresh = tracker.newCalls([call('A003', 30), call('A002', 20), call('A001', 10)]);
  assert.deepEqual(
    fresh.map((c) => c.ticketNumber),
    ['A002', 'A003'],
  );
  assert.deepEqual(tracker.newCalls([call('A003', 30), call('A002', 20)]), []);
});

test('a recall (same number, later time) is announced again', () => {
  const tracker = createCallTracker();
  tracker.newCalls([]);
  tracker.newCalls([call('A001', 10)]);
  assert.equal(tracker.newCalls([call('A001', 50), call('A001', 10)]).length, 1);
});

test('an empty first push still primes the tracker', () => {
  const tracker = createCallTracker();
  assert.deepEqual(tracker.newCalls([]), []);
  assert.equal(tracker.newCalls([call('A001', 10)]).length, 1);
});
