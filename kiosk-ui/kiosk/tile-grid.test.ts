import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tileColumns } from './tile-grid.ts';

test('up to twelve services fit in at most four rows on either orientation, six in elderly portrait', () => {
  for (let n = 1; n <= 12; n++) {
    for (const elderly of [false, true]) {
      const cols = tileColumns(n, elderly);
      assert.ok(Math.ceil(n / cols.landscape) <= 3, `${n} services, landscape: ${cols.landscape} columns`);
      assert.ok(Math.ceil(n / cols.portrait) <= 6, `${n} services, portrait: ${cols.portrait} columns`);
      assert.ok(cols.portrait <= (elderly ? 2 : 3), 'portrait columns stay wide enough to read');
    }
  }
});

test('few services get wide tiles', () => {
  assert.deepEqual(tileColumns(2, false), { portrait: 1, landscape: 2 });
  assert.deepEqual(tileColumns(5, true), { portrait: 2, landscape: 3 });
});
