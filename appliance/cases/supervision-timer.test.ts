import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { oneCase } from './case-fixture.ts';
import type { CaseRecord } from './records.ts';
import { startSupervisionTimer } from './supervision-timer.ts';
import { beijing, removeTestDirs } from './test-support.ts';

after(removeTestDirs);

test('the supervision timer moves levels on its own and stops cleanly', async () => {
  const clock = { t: beijing('2025-09-26', 10) };
  const { cases, c } = await oneCase(clock);
  const seen: CaseRecord[][] = [];
  clock.t = beijing('2025-09-29', 10);
  const timer = startSupervisionTimer(cases, { everyMs: 5, onChanged: (x) => seen.push(x) });
  for (let i = 0; i < 100 && seen.length === 0; i++) await sleep(5);
  assert.equal(seen.length, 1);
  assert.equal(seen[0]?.[0]?.level, 'warning');
  clock.t = beijing('2025-10-01', 10);
  await timer.runNow();
  assert.equal(cases.get(c.id)?.level, 'yellow');
  assert.deepEqual(
    seen.flat().map((x) => x.level),
    ['warning', 'yellow'],
    'each change reported once, whichever pass made it',
  );
  await timer.stop();
  clock.t = beijing('2025-10-20', 10);
  await sleep(30);
  assert.equal(cases.get(c.id)?.level, 'yellow', 'no pass after stop');
});

test('a failing pass is reported, not thrown', async () => {
  const errors: unknown[] = [];
  const timer = startSupervisionTimer(
    { supervise: () => Promise.reject(new Error('disk full')) },
    { everyMs: 5, onError: (e) => errors.push(e) },
  );
  for (let i = 0; i < 100 && errors.length === 0; i++) await sleep(5);
  await timer.stop();
  assert.match(String(errors[0]), /disk full/);
});
