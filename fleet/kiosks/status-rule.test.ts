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
