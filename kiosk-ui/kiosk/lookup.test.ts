import assert from 'node:assert/strict';
import { test } from 'node:test';
import { receiptCode } from './lookup.tsx';

test('twelve keypad digits are a receipt number with its dash put back', () => {
  assert.equal(receiptCode('202611280001'), '20261128-0001');
  assert.equal(receiptCode(' 202611280001 '), '20261128-0001');
});

test('anything else goes to the appliance as typed or scanned', () => {
  assert.equal(receiptCode('20261128-0001'), '20261128-0001');
  assert.equal(
    receiptCode('SQ1.R.K1.K-SIM-0001.01ABC.20261128.SIG'),
    'SQ1.R.K1.K-SIM-0001.01ABC.20261128.SIG',
  );
  assert.equal(receiptCode('2026112800011'), '2026112800011', 'thirteen digits are not a receipt number');
});
