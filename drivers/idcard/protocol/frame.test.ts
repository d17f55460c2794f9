import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS, wireTimeMs } from './commands.ts';
import {
  buildCommandFrame,
  buildResponseFrame,
  decodeCommandFrame,
  decodeResponseFrame,
  fromHex,
  toHex,
  xorChecksum,
} from './frame.ts';
import { describeVerdict, SAM_VERDICTS, verdictOf } from './status.ts';

const hex = (bytes: Uint8Array): string => toHex(bytes, 4096);

describe('GA 467 command frames (reference §4)', () => {
  const expected: [keyof typeof COMMANDS | 'setBaud9600', string][] = [
    ['resetSam', 'AA AA AA 96 69 00 03 10 FF EC'],
    ['samStatus', 'AA AA AA 96 69 00 03 11 FF ED'],
    ['samId', 'AA AA AA 96 69 00 03 12 FF EE'],
    ['findCard', 'AA AA AA 96 69 00 03 20 01 22'],
    ['selectCard', 'AA AA AA 96 69 00 03 20 02 21'],
    ['readBase', 'AA AA AA 96 69 00 03 30 01 32'],
    ['readNewAddress', 'AA AA AA 96 69 00 03 30 03 30'],
    ['readBaseWithFingerprint', 'AA AA AA 96 69 00 03 30 10 23'],
  ];
  for (const [name, frame] of expected) {
    it(`builds ${name} byte-exactly`, () => {
      const spec = COMMANDS[name as keyof typeof COMMANDS];
      assert.equal(hex(buildCommandFrame(spec.cmd, spec.para)), frame);
    });
  }

  it('builds commands with data (61 FF 50) and the baud change (60 04)', () => {
    assert.equal(hex(buildCommandFrame(0x61, 0xff, Uint8Array.of(0x50))), 'AA AA AA 96 69 00 04 61 FF 50 CA');
    assert.equal(hex(buildCommandFrame(0x60, 0x04)), 'AA AA AA 96 69 00 03 60 04 67');
  });

  it('decodes a command frame back to cmd, para and data', () => {
    const c = decodeCommandFrame(buildCommandFrame(0x61, 0xff, Uint8Array.of(0x50)));
    assert.deepEqual([c.cmd, c.para, [...c.data]], [0x61, 0xff, [0x50]]);
  });
});

describe('GA 467 response frames (reference §3, §4)', () => {
  const errors: [number, string][] = [
    [0x80, 'AA AA AA 96 69 00 04 00 00 80 84'],
    [0x81, 'AA AA AA 96 69 00 04 00 00 81 85'],
    [0x41, 'AA AA AA 96 69 00 04 00 00 41 45'],
    [0x91, 'AA AA AA 96 69 00 04 00 00 91 95'],
    [0x60, 'AA AA AA 96 69 00 04 00 00 60 64'],
    [0x10, 'AA AA AA 96 69 00 04 00 00 10 14'],
    [0x11, 'AA AA AA 96 69 00 04 00 00 11 15'],
    [0x21, 'AA AA AA 96 69 00 04 00 00 21 25'],
    [0x90, 'AA AA AA 96 69 00 04 00 00 90 94'],
  ];
  for (const [sw3, frame] of errors) {
    it(`builds the SW3 ${sw3.toString(16)} frame byte-exactly`, () => {
      assert.equal(hex(buildResponseFrame(sw3)), frame);
    });
  }

  it('builds the find and select success replies', () => {
    assert.equal(
      hex(buildResponseFrame(0x9f, new Uint8Array(4))),
      'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97',
    );
    assert.equal(
      hex(buildResponseFrame(0x90, new Uint8Array(8))),
      'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C',
    );
  });

  it('gives the 30 01 reply its fixed 14-byte head and 1295 bytes', () => {
    const data = new Uint8Array(4 + 256 + 1024);
    data.set([0x01, 0x00, 0x04, 0x00]);
    const frame = buildResponseFrame(0x90, data);
    assert.equal(frame.length, 1295);
    assert.equal(hex(frame.subarray(0, 14)), 'AA AA AA 96 69 05 08 00 00 90 01 00 04 00');
    assert.equal(frame.at(-1), xorChecksum(frame, 5, frame.length - 1));
  });

  it('decodes SW1..SW3 and data', () => {
    const r = decodeResponseFrame(fromHex('AA AA AA 96 69 00 08 00 00 9F 01 02 03 04 93'));
    assert.deepEqual([r.sw1, r.sw2, r.sw3, [...r.data]], [0, 0, 0x9f, [1, 2, 3, 4]]);
  });
});

describe('SAM verdicts', () => {
  it('names every status code in the reference table', () => {
    for (const code of [0x90, 0x91, 0x9f, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47]) {
      assert.notEqual(verdictOf(code).verdict, 'unknown-status', `0x${code.toString(16)}`);
    }
    for (const code of [0x60, 0x66, 0x80, 0x81]) assert.notEqual(verdictOf(code).verdict, 'unknown-status');
    assert.equal(Object.keys(SAM_VERDICTS).length, 18);
  });

  it('keeps the code of a status it does not know', () => {
    assert.deepEqual(verdictOf(0x77), { sw3: 0x77, verdict: 'unknown-status' });
    assert.match(describeVerdict(verdictOf(0x80)), /no card.*0x80/);
  });
});

describe('wire time', () => {
  it('matches the reference table (§9.1)', () => {
    assert.equal(Math.round(wireTimeMs(1295, 115200)), 112);
    assert.equal(Math.round(wireTimeMs(2321, 115200)), 201);
    assert.equal(Math.round(wireTimeMs(10, 9600)), 10);
  });
});
