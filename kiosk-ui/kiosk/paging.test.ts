import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageOf } from './paging.ts';

const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];

test('pages of four', () => {
  assert.deepEqual(pageOf(items, 0, 4), { items: ['a', 'b', 'c', 'd'], page: 0, pages: 3 });
  assert.deepEqual(pageOf(items, 2, 4), { items: ['i'], page: 2, pages: 3 });
});

test('out-of-range pages are clamped, empty lists have one empty page', () => {
  assert.equal(pageOf(items, 9, 4).page, 2);
  assert.equal(pageOf(items, -1, 4).page, 0);
  assert.deepEqual(pageOf([], 0, 4), { items: [], page: 0, pages: 1 });
  assert.equal(pageOf(items, 0, 0).items.length, 1, 'a page holds at least one item');
});
