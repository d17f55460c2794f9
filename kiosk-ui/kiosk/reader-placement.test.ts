import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readerPlacement } from './reader-placement.ts';

test('the reader placement comes from the address, anything else is the default', () => {
  assert.equal(readerPlacement('?reader=below-left'), 'below-left');
  assert.equal(readerPlacement('?reader=on-the-roof'), 'below-right');
  assert.equal(readerPlacement(''), 'below-right');
});
