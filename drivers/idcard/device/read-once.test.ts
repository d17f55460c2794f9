import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReaderLinkError } from '../link/errors.ts';
import { InProcessTransport } from '../sim/in-process-transport.ts';
import { SamSimulator } from '../sim/sam-simulator.ts';
import { loadSimCard } from '../sim/sim-card.ts';
import { readOnce } from './read-once.ts';

const opener = (sim: SamSimulator, tamper?: (r: Uint8Array) => Uint8Array | null) => async () =>
  new InProcessTransport(sim, tamper ? { tamper } : {});

describe('readOnce', () => {
  it('reads the card on the reader', async () => {
    const sim = new SamSimulator();
    sim.place(loadSimCard('hmt-chen'));
    const r = await readOnce(opener(sim), { timeoutMs: 1000, pollIntervalMs: 5 });
    assert.equal(r.outcome, 'card');
    assert.equal(r.outcome === 'card' && r.identity.cardType, 'hmt-residence');
  });

  it('reads a card left on the reader after an earlier read (find fails, select works)', async () => {
    const sim = new SamSimulator();
    sim.place(loadSimCard('resident-li'));
    assert.equal((await readOnce(opener(sim), { timeoutMs: 1000 })).outcome, 'card');
    assert.equal(sim.state, 'SELECTED');
    assert.equal((await readOnce(opener(sim), { timeoutMs: 1000 })).outcome, 'card');
  });

  it('ends with no-card at the deadline', async () => {
    const started = Date.now();
    const r = await readOnce(opener(new SamSimulator()), { timeoutMs: 100, pollIntervalMs: 10 });
    assert.equal(r.outcome, 'no-card');
    assert.ok(Date.now() - started < 1000);
  });

  it('ends with no-reader when the device cannot be opened', async () => {
    const r = await readOnce(async () => {
      throw new ReaderLinkError('LINK_OPEN_FAILED', 'cannot open serial port /dev/ttyUSB9');
    });
    assert.deepEqual(r, { outcome: 'no-reader', detail: 'cannot open serial port /dev/ttyUSB9' });
  });

  it('ends with sam-fault when the self-test fails', async () => {
    const sim = new SamSimulator();
    sim.setSelfTestFailure(true);
    const r = await readOnce(opener(sim), { timeoutMs: 200 });
    assert.equal(r.outcome, 'sam-fault');
    assert.equal(r.outcome === 'sam-fault' && r.verdict.sw3, 0x60);
  });

  it('ends with link-error on a garbled reply', async () => {
    const sim = new SamSimulator();
    const r = await readOnce(
      opener(sim, (reply) => {
        const bad = reply.slice();
        bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0x01;
        return bad;
      }),
      { timeoutMs: 200 },
    );
    assert.equal(r.outcome, 'link-error');
    assert.equal(r.outcome === 'link-error' && r.code, 'LINK_BAD_REPLY');
  });
});
