import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SamLink } from '../link/sam-link.ts';
import { buildResponseFrame } from '../protocol/frame.ts';
import { InProcessTransport } from '../sim/in-process-transport.ts';
import { SamSimulator } from '../sim/sam-simulator.ts';
import { loadSimCard } from '../sim/sim-card.ts';
import { SamClient, splitBaseInfo } from './sam-client.ts';

function client(sim: SamSimulator): SamClient {
  return new SamClient(new SamLink(new InProcessTransport(sim)));
}

describe('SamClient', () => {
  it('returns verdicts as values: status, find, select, read, SAM ID', async () => {
    const sim = new SamSimulator();
    const c = client(sim);
    assert.deepEqual(await c.statusCheck(), { sw3: 0x90, verdict: 'success' });
    assert.deepEqual(await c.findCard(), { sw3: 0x80, verdict: 'no-card' });
    const id = await c.readSamId();
    assert.equal(id.ok && id.value.length, 16);
    sim.place(loadSimCard('resident-zhang'));
    assert.equal((await c.findCard()).verdict, 'card-found');
    assert.equal((await c.selectCard()).ok, true);
    const base = await c.readBaseInfo(true);
    assert.ok(base.ok);
    assert.deepEqual(
      [base.value.text.length, base.value.photo.length, base.value.fingerprint?.length],
      [256, 1024, 1024],
    );
    const address = await c.readNewestAddress();
    assert.equal(address.ok && address.value.length, 70);
  });

  it('asks the SAM to change baud rate, and refuses a rate the protocol lacks', async () => {
    const sim = new SamSimulator();
    const changed: number[] = [];
    sim.onBaudChange = (b) => changed.push(b);
    const c = client(sim);
    assert.equal((await c.setBaudRate(9600)).verdict, 'success');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(changed, [9600]);
    await assert.rejects(c.setBaudRate(4800), RangeError);
  });

  it('treats a base-info reply whose lengths do not add up as LINK_BAD_REPLY', () => {
    const data = new Uint8Array(4 + 256 + 100);
    data.set([0x01, 0x00, 0x04, 0x00]);
    const frame = buildResponseFrame(0x90, data);
    assert.throws(
      () => splitBaseInfo({ sw1: 0, sw2: 0, sw3: 0x90, data, raw: frame }, false),
      (e: unknown) => e instanceof Error && 'code' in e && e.code === 'LINK_BAD_REPLY',
    );
  });
});
