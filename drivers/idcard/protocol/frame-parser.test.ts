import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCommandFrame, buildResponseFrame, fromHex, toHex } from './frame.ts';
import { COMMAND_LIMITS, FrameParser, type ParseEvent } from './frame-parser.ts';

const frames = (events: ParseEvent[]): string[] =>
  events.flatMap((e) => (e.kind === 'frame' ? [toHex(e.bytes, 4096)] : []));
const discards = (events: ParseEvent[]): string[] =>
  events.flatMap((e) => (e.kind === 'discarded' ? [e.reason] : []));

const NO_CARD = 'AA AA AA 96 69 00 04 00 00 80 84';
const FOUND = 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97';
const big = buildResponseFrame(
  0x90,
  Uint8Array.from({ length: 1288 + 4 }, (_, i) => (i * 7) & 0xff),
);

describe('FrameParser', () => {
  it('extracts a whole frame pushed at once', () => {
    const p = new FrameParser();
    assert.deepEqual(frames(p.push(fromHex(NO_CARD))), [NO_CARD]);
    assert.equal(p.buffered, 0);
  });

  it('assembles a 1300-byte frame fed one byte at a time', () => {
    const p = new FrameParser();
    const out: ParseEvent[] = [];
    for (const b of big) out.push(...p.push(Uint8Array.of(b)));
    assert.equal(out.length, 1);
    assert.deepEqual(frames(out), [toHex(big, 4096)]);
  });

  it('finds frames split at every possible point', () => {
    const two = new Uint8Array([...fromHex(FOUND), ...fromHex(NO_CARD)]);
    for (let cut = 1; cut < two.length; cut++) {
      const p = new FrameParser();
      const events = [...p.push(two.subarray(0, cut)), ...p.push(two.subarray(cut))];
      assert.deepEqual(frames(events), [FOUND, NO_CARD], `cut at ${cut}`);
    }
  });

  it('skips noise before, between and after frames, including preamble look-alikes', () => {
    const p = new FrameParser();
    const noisy = fromHex(`00 FF AA AA 96 12 AA ${FOUND} 55 AA AA AA 96 ${NO_CARD} AA AA`);
    const events = p.push(noisy);
    assert.deepEqual(frames(events), [FOUND, NO_CARD]);
    assert.ok(discards(events).every((r) => r === 'noise'));
    assert.equal(p.buffered, 2, 'a trailing AA AA may start the next preamble');
  });

  it('resynchronises after a frame with a bad checksum and keeps the frame that follows', () => {
    const corrupted = fromHex(FOUND);
    corrupted[12] = (corrupted[12] ?? 0) ^ 0x01;
    const p = new FrameParser();
    const events = p.push(new Uint8Array([...corrupted, ...fromHex(NO_CARD)]));
    assert.deepEqual(frames(events), [NO_CARD]);
    assert.ok(discards(events).includes('bad-checksum'));
    assert.equal(p.stats.badChecksum, 1);
  });

  it('finds a good frame hidden inside a truncated one', () => {
    // A frame whose tail was lost: its Len makes the parser swallow the next frame, whose XOR then fails.
    const truncated = fromHex(FOUND).subarray(0, 11);
    const p = new FrameParser();
    const events = p.push(new Uint8Array([...truncated, ...fromHex(NO_CARD), ...fromHex(NO_CARD)]));
    assert.ok(frames(events).includes(NO_CARD));
  });

  it('refuses an impossible length at once instead of waiting for it', () => {
    const p = new FrameParser();
    const e1 = p.push(fromHex('AA AA AA 96 69 FF FF 00 00'));
    assert.deepEqual(discards(e1).slice(0, 1), ['bad-length']);
    assert.ok(p.buffered < 8, `held ${p.buffered} bytes`);
    assert.deepEqual(frames(p.push(fromHex(NO_CARD))), [NO_CARD]);
  });

  it('refuses lengths below the minimum for its direction', () => {
    const responses = new FrameParser();
    assert.deepEqual(discards(responses.push(fromHex('AA AA AA 96 69 00 03 20 01 22'))).slice(0, 1), [
      'bad-length',
    ]);
    const commands = new FrameParser(COMMAND_LIMITS);
    assert.equal(frames(commands.push(buildCommandFrame(0x20, 0x01))).length, 1);
    assert.deepEqual(discards(commands.push(buildResponseFrame(0x90, new Uint8Array(300)))).slice(0, 1), [
      'bad-length',
    ]);
  });

  it('reset() drops a partial frame', () => {
    const p = new FrameParser();
    p.push(big.subarray(0, 100));
    assert.equal(p.reset(), 100);
    assert.equal(p.buffered, 0);
    assert.deepEqual(frames(p.push(fromHex(NO_CARD))), [NO_CARD]);
  });

  it('does not grow without bound on endless noise', () => {
    const p = new FrameParser();
    for (let i = 0; i < 200; i++) p.push(new Uint8Array(4096).fill(0x55));
    assert.ok(p.buffered <= 4);
    assert.ok(p.capacity <= 2 * (7 + 0x090a) + 4096, `capacity ${p.capacity}`);
  });
});
