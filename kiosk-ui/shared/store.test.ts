import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStore } from './store.ts';

test('subscribers see changes, not repeats, and can unsubscribe', () => {
  const store = createStore(1);
  const seen: number[] = [];
  const off = store.subscribe((v) => seen.push(v));
  store.set(2);
  store.set(2);
  store.update((v) => v + 1);
  off();
  store.set(9);
  assert.deepEqual(seen, [2, 3]);
  assert.equal(store.get(), 9);
});

test('a listener that unsubscribes during notification does not break the others', () => {
  const store = createStore('a');
  const seen: string[] = [];
  const off = store.subscribe(() => off());
  store.subscribe((v) => seen.push(v));
  store.set('b');
  store.set('c');
  assert.deepEqual(seen, ['b', 'c']);
});
