import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCommandFrame, fromHex, toHex } from '../protocol/frame.ts';
import { SamSimulator } from './sam-simulator.ts';
import { loadSimCard, SimCardError } from './sim-card.ts';

const ask = (sim: SamSimulator, request: string): string => toHex(sim.feed(fromHex(request)), 4096);

const FIND = 'AA AA AA 96 69 00 03 20 01 22';
const SELECT = 'AA AA AA 96 69 00 03 20 02 21';
const READ = 'AA AA AA 96 69 00 03 30 01 32';
const NO_CARD = 'AA AA AA 96 69 00 04 00 00 80 84';
const SELECT_FAILED = 'AA AA AA 96 69 00 04 00 00 81 85';
const READ_FAILED = 'AA AA AA 96 69 00 04 00 00 41 45';
const FOUND = 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97';
const SELECTED = 'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C';

describe('SamSimulator (reference §10)', () => {
  it('answers find/select/read with the byte-exact frames and walks the states', () => {
    const sim = new SamSimulator();
    assert.equal(ask(sim, FIND), NO_CARD);
    sim.place(loadSimCard('resident-zhang'));
    assert.equal(sim.state, 'PRESENT_IDLE');
    assert.equal(ask(sim, SELECT), SELECT_FAILED, 'select before find fails');
    assert.equal(ask(sim, FIND), FOUND);
    assert.equal(sim.state, 'FOUND');
    assert.equal(ask(sim, SELECT), SELECTED);
    const reply = sim.feed(fromHex(READ));
    assert.equal(reply.length, 1295);
    assert.equal(toHex(reply.subarray(0, 14)), 'AA AA AA 96 69 05 08 00 00 90 01 00 04 00');
    assert.equal(sim.state, 'SELECTED');
  });

  it("emulates 'card must leave': find fails while the read card stays, select still succeeds", () => {
    const sim = new SamSimulator();
    sim.place(loadSimCard('resident-li'));
    ask(sim, FIND);
    ask(sim, SELECT);
    sim.feed(fromHex(READ));
    assert.equal(ask(sim, FIND), NO_CARD);
    assert.equal(ask(sim, SELECT), SELECTED);
    sim.remove();
    assert.equal(ask(sim, SELECT), SELECT_FAILED);
    assert.equal(ask(sim, READ), READ_FAILED);
  });

  it('can instead find a card that stays on the reader', () => {
    const sim = new SamSimulator({ findWhileSelected: 'found' });
    sim.place(loadSimCard('resident-li'));
    for (const r of [FIND, SELECT, READ]) sim.feed(fromHex(r));
    assert.equal(ask(sim, FIND), FOUND);
  });

  it('answers a read before select with 41 (or 21 when configured)', () => {
    const sim = new SamSimulator();
    sim.place(loadSimCard('resident-li'));
    ask(sim, FIND);
    assert.equal(ask(sim, READ), READ_FAILED);
    const strict = new SamSimulator({ readBeforeSelectSw3: 0x21 });
    strict.place(loadSimCard('resident-li'));
    ask(strict, FIND);
    assert.equal(ask(strict, READ), 'AA AA AA 96 69 00 04 00 00 21 25');
  });

  it('answers the fingerprint read with 2321 bytes and the address read with 81 bytes or 91', () => {
    const sim = new SamSimulator();
    sim.place(loadSimCard('resident-zhang'));
    ask(sim, FIND);
    ask(sim, SELECT);
    const fp = sim.feed(buildCommandFrame(0x30, 0x10));
    assert.equal(fp.length, 2321);
    assert.equal(toHex(fp.subarray(0, 16)), 'AA AA AA 96 69 09 0A 00 00 90 01 00 04 00 04 00');
    assert.equal(sim.feed(buildCommandFrame(0x30, 0x03)).length, 81);
    const other = new SamSimulator();
    other.place(loadSimCard('resident-li'));
    ask(other, FIND);
    ask(other, SELECT);
    assert.equal(ask(other, 'AA AA AA 96 69 00 03 30 03 30'), 'AA AA AA 96 69 00 04 00 00 91 95');
    assert.equal(other.feed(buildCommandFrame(0x30, 0x10)).length, 1297, 'no fingerprint: fpLen 0');
  });

  it('answers status, SAM ID, reset, unknown commands and broken frames', () => {
    const sim = new SamSimulator();
    assert.equal(ask(sim, 'AA AA AA 96 69 00 03 11 FF ED'), 'AA AA AA 96 69 00 04 00 00 90 94');
    assert.equal(sim.feed(fromHex('AA AA AA 96 69 00 03 12 FF EE')).length, 27);
    assert.equal(ask(sim, 'AA AA AA 96 69 00 03 10 FF EC'), 'AA AA AA 96 69 00 04 00 00 90 94');
    assert.equal(toHex(sim.feed(buildCommandFrame(0x77, 0x01))), 'AA AA AA 96 69 00 04 00 00 21 25');
    assert.equal(ask(sim, 'AA AA AA 96 69 00 03 20 01 23'), 'AA AA AA 96 69 00 04 00 00 10 14');
    assert.equal(ask(sim, 'AA AA AA 96 69 00 01 20'), 'AA AA AA 96 69 00 04 00 00 11 15');
  });

  it('answers 60 to everything but reset while its self-test fails', () => {
    const sim = new SamSimulator();
    sim.setSelfTestFailure(true);
    const FAULT = 'AA AA AA 96 69 00 04 00 00 60 64';
    assert.equal(ask(sim, 'AA AA AA 96 69 00 03 11 FF ED'), FAULT);
    assert.equal(ask(sim, FIND), FAULT);
    assert.equal(ask(sim, 'AA AA AA 96 69 00 03 10 FF EC'), 'AA AA AA 96 69 00 04 00 00 90 94');
    assert.equal(ask(sim, FIND), NO_CARD);
  });

  it('answers requests that arrive in pieces and back to back', () => {
    const sim = new SamSimulator();
    const both = fromHex(`${FIND} 00 ${FIND}`);
    const out = [...both].map((b) => toHex(sim.feed(Uint8Array.of(b)))).filter((s) => s !== '');
    assert.deepEqual(out, [NO_CARD, NO_CARD]);
  });
});

describe('sim cards', () => {
  it('ships one valid sample per card type', () => {
    const types = [
      'resident-zhang',
      'resident-li',
      'hmt-chen',
      'foreign-2017-smith',
      'foreign-2023-garcia',
    ].map((n) => loadSimCard(n).type);
    assert.deepEqual(new Set(types), new Set(['resident', 'hmt-residence', 'foreign-2017', 'foreign-2023']));
  });

  it('names the problem in an invalid card file', () => {
    assert.throws(() => loadSimCard('no-such-card'), SimCardError);
    assert.throws(
      () => loadSimCard(new URL('./sim-card.ts', import.meta.url).pathname.replace(/\.ts$/, '.json')),
      /cannot read/,
    );
  });
});
