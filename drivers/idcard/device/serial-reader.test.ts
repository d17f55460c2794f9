import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Identity } from '../identity/types.ts';
import {
  type IdCardReader,
  loadSimCard,
  openSerialReader,
  type SimulatedReader,
  startSimulatedReader,
} from '../index.ts';
import type { ReaderHealth, ReadFailure } from './reader-types.ts';

/** Resolves with the next matching event, or rejects after `ms`. */
function next<T>(
  reader: IdCardReader,
  event: 'card' | 'removed' | 'health',
  ms: number,
  accept?: (v: T) => boolean,
) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' event within ${ms} ms`)), ms);
    const listener = (value: T): void => {
      if (accept && !accept(value)) return;
      clearTimeout(timer);
      (reader as unknown as NodeJS.EventEmitter).off(event, listener);
      resolve(value);
    };
    (reader as unknown as NodeJS.EventEmitter).on(event, listener);
  });
}

describe('serial reader against the simulator over a socat pty', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  async function rig(): Promise<{ sim: SimulatedReader; reader: IdCardReader }> {
    const sim = await startSimulatedReader({ baudRate: 115200 });
    cleanups.push(() => sim.close());
    const reader = openSerialReader({ path: sim.devicePath, pollIntervalMs: 30 });
    cleanups.push(() => reader.close());
    await next<ReaderHealth>(reader, 'health', 5000, (h) => h.state === 'ok');
    return { sim, reader };
  }

  it("emits 'card' with the identity once per placement and 'removed' when it leaves", async () => {
    const { sim, reader } = await rig();
    assert.equal(reader.health.state, 'ok');
    let cards = 0;
    reader.on('card', () => cards++);
    const card = next<Identity>(reader, 'card', 5000);
    sim.place(loadSimCard('resident-zhang'));
    const identity = await card;
    assert.equal(identity.cardType, 'resident');
    assert.ok(identity.name === '张三丰', 'name differs from the card');
    assert.ok(identity.number === '110105195003150019', 'number differs from the card');
    assert.equal(identity.checkDigitValid, true);
    assert.equal(identity.birthDate, '1950-03-15');
    assert.equal(identity.validTo, 'long-term');
    // Several poll periods with the card left on the reader: still one event.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(cards, 1);
    const removed = next<void>(reader, 'removed', 5000);
    sim.remove();
    await removed;
    const again = next<Identity>(reader, 'card', 5000);
    sim.place(loadSimCard('foreign-2023-garcia'));
    assert.equal((await again).cardType, 'foreign-2023');
    assert.equal(cards, 2);
  });

  it('reads through noise and replies split at random, and reports a card pulled mid-read', async () => {
    const { sim, reader } = await rig();
    const failures: ReadFailure[] = [];
    reader.on('read-failed', (f) => failures.push(f));
    sim.faults.noiseBytes = 17;
    sim.faults.splitReplies = true;
    const card = next<Identity>(reader, 'card', 5000);
    sim.place(loadSimCard('foreign-2017-smith'));
    assert.equal((await card).cardType, 'foreign-2017');
    assert.equal(sim.faults.noiseBytes, 17, 'noise stayed on for the whole read');
    const removed = next<void>(reader, 'removed', 5000);
    sim.remove();
    await removed;

    sim.faults.noiseBytes = 0;
    sim.faults.pullCardOnNextRead = true;
    sim.place(loadSimCard('resident-li'));
    const deadline = Date.now() + 5000;
    while (failures.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(failures[0]?.reason, 'card-removed-mid-read');
    assert.equal(sim.faults.pullCardOnNextRead, false);
  });

  it('reads at 9600 baud, paying the wire time of 1295 bytes', async () => {
    const sim = await startSimulatedReader({ baudRate: 9600 });
    cleanups.push(() => sim.close());
    const reader = openSerialReader({ path: sim.devicePath, baudRate: 9600, pollIntervalMs: 30 });
    cleanups.push(() => reader.close());
    await next<ReaderHealth>(reader, 'health', 5000, (h) => h.state === 'ok');
    const started = Date.now();
    const card = next<Identity>(reader, 'card', 8000);
    sim.place(loadSimCard('resident-li'));
    assert.equal((await card).birthDate, '1990-08-20');
    const took = Date.now() - started;
    assert.ok(took >= 1300, `a 1295-byte reply at 9600 baud cannot arrive in ${took} ms`);
  });

  it('reports a missing device as disconnected health instead of throwing', async () => {
    const reader = openSerialReader({ path: '/dev/pts/does-not-exist', pollIntervalMs: 30 });
    cleanups.push(() => reader.close());
    const health = await next<ReaderHealth>(reader, 'health', 3000, (h) => h.detail !== 'not opened yet');
    assert.equal(health.state, 'disconnected');
    assert.match(health.detail ?? '', /cannot open/);
  });
});
