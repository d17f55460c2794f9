import assert from 'node:assert/strict';
import { test } from 'node:test';

// Each test file runs in its own process: the zone is set before the formatters are made.
process.env.TZ = 'Asia/Shanghai';
const { localClockMs, localTime, localWithAgo } = await import('./local-time.ts');

// 2023-11-14T22:13:20Z is 06:13:20 on the 15th in Shanghai.
const now = 1_700_000_000_000;

test('times are on the local clock: today as a time, another local day with its date', () => {
  assert.equal(localTime(now - 5_000, now), '06:13:15');
  assert.equal(localTime(now - 7 * 3_600_000, now), '2023-11-14 23:13', 'the day before, locally');
  assert.equal(localWithAgo(now - 120_000, now), '06:11:20 (2m ago)');
  assert.equal(localWithAgo(undefined, now), '-');
  assert.equal(localClockMs(now + 7), '06:13:20.007');
});
