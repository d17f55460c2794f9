import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusSupersedes } from './status-rule.ts';

test('the first status for a kiosk always applies', () => {
  assert.equal(statusSupersedes(undefined, { state: 'offline', sess: 0 }), true);
});

test('a stale will (lower sess) does not override a newer online', () => {
  assert.equal(statusSupersedes({ state: 'online', sess: 8 }, { state: 'offline', sess: 7 }), false);
});

test('a newer session wins either way', () => {
  assert.equal(statusSupersedes({ state: 'offline', sess: 7 }, { state: 'online', sess: 8 }), true);
  assert.equal(statusSupersedes({ state: 'online', sess: 7 }, { state: 'offline', sess: 8 }), true);
});

test('within one session offline comes after online, not the other way round', () => {
  assert.equal(statusSupersedes({ state: 'online', sess: 7 }, { state: 'offline', sess: 7 }), true);
  assert.equal(statusSupersedes({ state: 'offline', sess: 7 }, { state: 'online', sess: 7 }), false);
});

test('a kiosk that lost its session counter comes back online once its birth is clearly newer', () => {
  const current = { state: 'offline' as const, sess: 57, ts: 1_000_000 };
  assert.equal(statusSupersedes(current, { state: 'online', sess: 1, ts: 1_000_000 + 60_000 }), false);
  assert.equal(statusSupersedes(current, { state: 'online', sess: 1, ts: 1_000_000 + 11 * 60_000 }), true);
  assert.equal(
    statusSupersedes(current, { state: 'offline', sess: 1, ts: 1_000_000 + 11 * 60_000 }),
    false,
    'an offline with a lower sess never wins',
  );
  assert.equal(
    statusSupersedes({ state: 'online', sess: 5 }, { state: 'online', sess: 1 }),
    false,
    'no stamps, no reset',
  );
});
