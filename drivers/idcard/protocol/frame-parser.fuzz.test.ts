/**
 * Property test of the frame parser with a seeded PRNG: random streams of valid frames, mutated
 * frames and noise, cut into random pieces. Whatever it is fed, the parser never throws, never holds
 * more than one maximal frame plus the current chunk, returns only frames whose checksum holds, and
 * finds every intact frame that is not overlapped by a mutated one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildResponseFrame, HEADER_LENGTH, MAX_RESPONSE_LENGTH, toHex, xorChecksum } from './frame.ts';
import { FrameParser } from './frame-parser.ts';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SIZES = [0, 4, 8, 16, 256, 1288, 1290];

function randomFrame(rand: () => number): Uint8Array {
  const size = SIZES[Math.floor(rand() * SIZES.length)]!;
  const data = Uint8Array.from({ length: size }, () => Math.floor(rand() * 256));
  return buildResponseFrame(Math.floor(rand() * 256), data);
}

function mutate(frame: Uint8Array, rand: () => number): Uint8Array {
  const out = frame.slice();
  switch (Math.floor(rand() * 4)) {
    case 0: // flip a byte after the preamble: checksum or length breaks
      {
        const at = 5 + Math.floor(rand() * (out.length - 5));
        out[at] = (out[at] ?? 0) ^ (1 + Math.floor(rand() * 255));
      }
      return out;
    case 1: // truncate
      return out.subarray(0, 1 + Math.floor(rand() * (out.length - 1)));
    case 2: // impossible length
      out[5] = 0xff;
      out[6] = Math.floor(rand() * 256);
      return out;
    default: // a duplicated preamble byte inside
      return new Uint8Array([...out.subarray(0, 3), 0xaa, ...out.subarray(3)]);
  }
}

function noise(rand: () => number): Uint8Array {
  const len = Math.floor(rand() * 40);
  // Bias toward preamble bytes so partial preambles are common.
  return Uint8Array.from({ length: len }, () => {
    const r = rand();
    return r < 0.3 ? 0xaa : r < 0.4 ? 0x96 : r < 0.5 ? 0x69 : Math.floor(rand() * 256);
  });
}

describe('FrameParser property test (seeded)', () => {
  for (const seed of [1, 2, 3, 42, 2024, 65537, 99991, 123456789]) {
    it(`seed ${seed}: never throws, stays bounded, returns only valid frames, finds intact ones`, () => {
      const rand = prng(seed);
      const parser = new FrameParser();
      const expected: string[] = [];
      const parts: Uint8Array[] = [];
      for (let i = 0; i < 120; i++) {
        parts.push(noise(rand));
        const frame = randomFrame(rand);
        if (rand() < 0.25) {
          parts.push(mutate(frame, rand));
          // Flush with enough filler that a mutated length cannot swallow the next intact frame.
          parts.push(new Uint8Array(HEADER_LENGTH + MAX_RESPONSE_LENGTH).fill(0x00));
        } else {
          parts.push(frame);
          expected.push(toHex(frame, 4096));
        }
      }
      const stream = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        stream.set(p, at);
        at += p.length;
      }

      const got: string[] = [];
      let maxChunk = 0;
      for (let pos = 0; pos < stream.length; ) {
        const size = rand() < 0.2 ? 1 : 1 + Math.floor(rand() * 700);
        const chunk = stream.subarray(pos, pos + size);
        maxChunk = Math.max(maxChunk, chunk.length);
        pos += size;
        for (const e of parser.push(chunk)) {
          if (e.kind !== 'frame') continue;
          const f = e.bytes;
          assert.equal(f[f.length - 1], xorChecksum(f, 5, f.length - 1), 'returned frame fails its checksum');
          got.push(toHex(f, 4096));
        }
        assert.ok(
          parser.buffered <= HEADER_LENGTH + MAX_RESPONSE_LENGTH + maxChunk,
          `held ${parser.buffered}`,
        );
        assert.ok(
          parser.capacity <= 4 * (HEADER_LENGTH + MAX_RESPONSE_LENGTH + maxChunk),
          `cap ${parser.capacity}`,
        );
      }
      // Every intact frame is found, in order (extra frames can only be valid frames hidden in noise).
      let j = 0;
      for (const g of got) if (g === expected[j]) j++;
      assert.equal(j, expected.length, `found ${j} of ${expected.length} intact frames`);
    });
  }

  it('never throws or hangs on pure random bytes in random pieces', () => {
    const rand = prng(7);
    const parser = new FrameParser();
    const started = performance.now();
    for (let i = 0; i < 2000; i++) {
      const chunk = Uint8Array.from({ length: Math.floor(rand() * 300) }, () =>
        rand() < 0.2 ? 0xaa : Math.floor(rand() * 256),
      );
      parser.push(chunk);
      assert.ok(parser.buffered <= HEADER_LENGTH + MAX_RESPONSE_LENGTH + 300);
    }
    assert.ok(performance.now() - started < 5000, 'parsing 300 KB of noise took too long');
  });
});
