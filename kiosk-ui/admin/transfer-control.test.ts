import assert from 'node:assert/strict';
import { test } from 'node:test';
import { transferRequest } from './transfer-control.tsx';

test('a transfer target becomes the contract request, front or back', () => {
  assert.deepEqual(transferRequest('counter:w3', true), { toCounterId: 'w3', position: 'front' });
  assert.deepEqual(transferRequest('service:social-security', false), {
    toServiceId: 'social-security',
    position: 'back',
  });
});

test('nothing chosen or an unknown kind gives no request', () => {
  assert.equal(transferRequest('', true), null);
  assert.equal(transferRequest('counter:', true), null);
  assert.equal(transferRequest('desk:w1', true), null);
});
