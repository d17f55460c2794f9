import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBatcher } from './batcher.ts';

test('items pushed together are flushed as one batch after the wait', async () => {
  const batches: number[][] = [];
  const b = createBatcher<number>({
    maxItems: 100,
    maxWaitMs: 10,
    flush: async (items) => {
      batches.push(items);
    },
    onError: () => assert.fail('no error expected'),
  });
  for (let i = 0; i < 5; i++) b.push(i);
  assert.equal(b.pending, 5);
  await sleep(40);
  assert.deepEqual(batches, [[0, 1, 2, 3, 4]]);
});

test('a full batch flushes at once, and items arriving meanwhile form the next batch', async () => {
  const batches: number[][] = [];
  let release: () => void = () => {};
  const b = createBatcher<number>({
    maxItems: 3,
    maxWaitMs: 10_000,
    flush: async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
    },
    onError: () => assert.fail('no error expected'),
  });
  for (let i = 0; i < 3; i++) b.push(i);
  assert.deepEqual(batches, [[0, 1, 2]]);
  b.push(3);
  b.push(4);
  assert.equal(batches.length, 1, 'only one flush runs at a time');
  release();
  await b.drain();
  assert.deepEqual(batches, [
    [0, 1, 2],
    [3, 4],
  ]);
});

test('a failing flush reports its items and the batcher keeps working', async () => {
  const failed: number[][] = [];
  const ok: number[][] = [];
  const b = createBatcher<number>({
    maxItems: 2,
    maxWaitMs: 1,
    flush: async (items) => {
      if (items.includes(1)) throw new Error('database down');
      ok.push(items);
    },
    onError: (_err, items) => failed.push(items),
  });
  b.push(1);
  b.push(2);
  await b.drain();
  b.push(3);
  await b.drain();
  assert.deepEqual(failed, [[1, 2]]);
  assert.deepEqual(ok, [[3]]);
});
