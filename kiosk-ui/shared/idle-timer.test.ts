import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualTimers } from '../test-support/fixtures.ts';
import { createIdleTimer } from './idle-timer.ts';

test('fires once after the timeout without activity', () => {
  const timers = manualTimers();
  let fired = 0;
  const idle = createIdleTimer({ timeoutMs: 60_000, onIdle: () => fired++, timers, now: timers.now });
  timers.advance(59_999);
  assert.equal(fired, 0);
  assert.equal(idle.remainingMs(), 1);
  timers.advance(1);
  assert.equal(fired, 1);
  assert.equal(idle.remainingMs(), null);
  timers.advance(120_000);
  assert.equal(fired, 1);
});

test('poke restarts the countdown', () => {
  const timers = manualTimers();
  let fired = 0;
  const idle = createIdleTimer({ timeoutMs: 1000, onIdle: () => fired++, timers, now: timers.now });
  timers.advance(900);
  idle.poke();
  timers.advance(900);
  assert.equal(fired, 0);
  assert.equal(timers.pendingCount(), 1, 'poke must not leave the old timer behind');
  timers.advance(100);
  assert.equal(fired, 1);
});

test('stop cancels and a later poke re-arms', () => {
  const timers = manualTimers();
  let fired = 0;
  const idle = createIdleTimer({ timeoutMs: 1000, onIdle: () => fired++, timers, now: timers.now });
  idle.stop();
  timers.advance(5000);
  assert.equal(fired, 0);
  idle.poke();
  timers.advance(1000);
  assert.equal(fired, 1);
});

test('rejects a non-positive timeout', () => {
  assert.throws(() => createIdleTimer({ timeoutMs: 0, onIdle: () => {} }), RangeError);
});
