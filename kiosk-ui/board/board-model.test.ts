import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signal } from '@preact/signals-core';
import type { CallView } from '../../contract/api.ts';
import type { LiveState } from '../shared/state-stream.ts';
import { sampleState } from '../test-support/fixtures.ts';
import { boardSettings, createBoardModel } from './board-model.ts';

const call = (ticketNumber: string, calledAt: number): CallView => ({
  ticketNumber,
  serviceName: '社保业务',
  counterNumber: 3,
  counterName: '3号窗口',
  calledAt,
});

function fakeClock(start: number) {
  let t = start;
  let tick: () => void = () => {};
  return {
    clock: {
      now: () => t,
      every: (_ms: number, fn: () => void) => {
        tick = fn;
        return () => {};
      },
    },
    advance(ms: number) {
      t += ms;
      tick();
    },
  };
}

test('a call is "now calling" for five minutes, then only in the recent list', () => {
  const start = Date.parse('2026-12-01T02:00:00Z');
  const { clock, advance } = fakeClock(start);
  const live = signal<LiveState>({
    connected: true,
    state: sampleState({ calls: [call('A002', start - 60_000), call('A001', start - 120_000)] }),
  });
  const board = createBoardModel(live, boardSettings(''), clock);
  assert.equal(board.current.value?.ticketNumber, 'A002');
  assert.deepEqual(
    board.recent.value.map((c) => c.ticketNumber),
    ['A001'],
  );
  advance(4 * 60_000 + 1);
  assert.equal(board.current.value, null, 'five minutes after the call');
  assert.deepEqual(
    board.recent.value.map((c) => c.ticketNumber),
    ['A002', 'A001'],
  );
});

test('a call withdrawn by a no-show or a transfer leaves "now calling" and the recent list at once', () => {
  const start = Date.parse('2026-12-01T02:00:00Z');
  const { clock } = fakeClock(start);
  const calls = [call('A003', start - 30_000), call('A002', start - 60_000), call('A001', start - 120_000)];
  const live = signal<LiveState>({ connected: true, state: sampleState({ calls }) });
  const board = createBoardModel(live, boardSettings(''), clock);
  assert.equal(board.current.value?.ticketNumber, 'A003');
  live.value = {
    connected: true,
    state: sampleState({
      calls: [{ ...calls[0]!, withdrawn: 'no-show' }, { ...calls[1]!, withdrawn: 'transferred' }, calls[2]!],
    }),
  };
  assert.equal(board.current.value?.ticketNumber, 'A001', 'the one call still standing');
  assert.deepEqual(board.recent.value, []);
});

test('the stale time comes from the address; nonsense falls back to five minutes', () => {
  assert.equal(boardSettings('?stale=2').staleMs, 120_000);
  assert.equal(boardSettings('?stale=-1').staleMs, 300_000);
  assert.equal(boardSettings('?stale=abc').staleMs, 300_000);
});

test('waiting per service follows the state', () => {
  const { clock } = fakeClock(Date.now());
  const live = signal<LiveState>({ connected: true, state: sampleState() });
  const board = createBoardModel(live, boardSettings(''), clock);
  const first = board.waiting.value[0];
  assert.ok(first);
  live.value = {
    connected: true,
    state: sampleState({ waitingByService: { [first.service.id]: 7 } }),
  };
  assert.equal(board.waiting.value[0]?.waiting, 7);
});
