/** The shared helpers: backoff bounds, pooled randomness for ULIDs, payload decoding that never throws, the mutex's ordering. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Type } from '@sinclair/typebox';
import { monotonicFactory } from 'ulid';
import { CappedBackoff, fullJitterDelay } from './backoff.ts';
import { ageOn, dayOf } from './centre-day.ts';
import { payloadDecoder } from './mqtt-payload.ts';
import { Mutex } from './mutex.ts';
import { pooledRandom } from './random-pool.ts';

test('capped backoff doubles to its cap within its spread, and starts over after reset', () => {
  const b = new CappedBackoff(100, 1_000, 0.1, () => 1);
  assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next()], [110, 220, 440, 880, 1100]);
  b.reset();
  const low = new CappedBackoff(100, 1_000, 0.1, () => 0);
  assert.equal(low.next(), 90);
  assert.equal(
    fullJitterDelay(40, 1_000, 60_000, () => 0.999),
    59_940,
  );
  assert.equal(
    fullJitterDelay(0, 1_000, 60_000, () => 0),
    0,
  );
});

test('a payload decoder names the first problem and never throws', () => {
  const d = payloadDecoder(Type.Object({ n: Type.Integer() }), 'Thing');
  assert.deepEqual(d.decode(Buffer.from('{"n":3}')), { ok: true, value: { n: 3 } });
  const bad = d.decode('{"n":"x"}');
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.problem : '', /^invalid Thing at \/n: /);
  const notJson = d.decode('{');
  assert.match(!notJson.ok ? notJson.problem : '', /^not JSON/);
});

test('the mutex runs sections one at a time, in order, past a failing one', async () => {
  const m = new Mutex();
  const order: string[] = [];
  const slow = m.run(async () => {
    await new Promise((r) => setTimeout(r, 20));
    order.push('a');
  });
  const failing = m.run(async () => {
    order.push('b');
    throw new Error('b failed');
  });
  const last = m.run(async () => order.push('c'));
  await slow;
  await assert.rejects(failing, /b failed/);
  await last;
  assert.deepEqual(order, ['a', 'b', 'c']);
});

test('the centre day follows the centre time zone; age counts whole years', () => {
  const lateEvening = Date.UTC(2025, 0, 24, 16, 30);
  assert.equal(dayOf(lateEvening, 'Asia/Shanghai'), '2025-01-25');
  assert.equal(dayOf(lateEvening, 'UTC'), '2025-01-24');
  assert.equal(ageOn('1950-03-15', '2025-03-14'), 74);
  assert.equal(ageOn('1950-03-15', '2025-03-15'), 75);
});

test('pooled random bytes give ULIDs as the default source does: in [0, 1), spread, distinct across refills', () => {
  const next = pooledRandom(64);
  const seen = new Set<number>();
  for (let i = 0; i < 64 * 50; i++) {
    const v = next();
    assert.ok(v >= 0 && v < 1);
    seen.add(v);
  }
  assert.ok(seen.size > 200, `${seen.size} distinct byte values`);
  const ulid = monotonicFactory(pooledRandom(64));
  const ids = Array.from({ length: 500 }, () => ulid(1_780_000_000_000 + Math.floor(Math.random() * 3)));
  assert.equal(new Set(ids).size, ids.length);
});
