import assert from 'node:assert/strict';
import { test } from 'node:test';
import { centreDay, todaysCalls } from './centre-day.ts';

test('the centre day is China Standard Time, not the machine zone', () => {
  assert.equal(centreDay(Date.parse('2026-11-27T15:59:59Z')), '2026-11-27');
  assert.equal(centreDay(Date.parse('2026-11-27T16:00:00Z')), '2026-11-28', 'midnight in Beijing');
});

test("yesterday's calls drop off the board", () => {
  const now = Date.parse('2026-11-28T01:00:00Z');
  const calls = [
    { n: 'A001', calledAt: Date.parse('2026-11-28T00:30:00Z') },
    { n: 'B007', calledAt: Date.parse('2026-11-27T09:00:00Z') },
  ];
  assert.deepEqual(
    todaysCalls(calls, now).map((c) => c.n),
    ['A001'],
  );
  assert.deepEqual(todaysCalls([], now), []);
});
