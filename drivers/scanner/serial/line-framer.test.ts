import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScanVerdict } from '../types.ts';
import { LineFramer } from './line-framer.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

function feed(framer: LineFramer, chunks: (string | Uint8Array)[], now = 0): ScanVerdict[] {
  return chunks.flatMap((c) => framer.push(typeof c === 'string' ? bytes(c) : c, now));
}

describe('LineFramer', () => {
  it('splits on CR, LF and CRLF, and never yields an empty code for the LF of a CRLF', () => {
    const out = feed(new LineFramer(), ['A001\rA002\nA003\r\nA004\r\n']);
    assert.deepEqual(
      out,
      ['A001', 'A002', 'A003', 'A004'].map((text) => ({ kind: 'code', text })),
    );
  });

  it('buffers a code split across chunks, including a CRLF split between chunks', () => {
    const out = feed(new LineFramer(), ['SQ1.T', '.K-SIM', '-0001\r', '\nA002', '\r', '\n']);
    assert.deepEqual(out, [
      { kind: 'code', text: 'SQ1.T.K-SIM-0001' },
      { kind: 'code', text: 'A002' },
    ]);
  });

  it('refuses an over-long line with a verdict, then reads the next line', () => {
    const framer = new LineFramer({ maxLineBytes: 16 });
    const out = feed(framer, ['x'.repeat(10), 'y'.repeat(30), '\rA005\r']);
    assert.equal(out.length, 2);
    assert.equal(out[0]?.kind === 'discarded' && out[0].reason, 'too-long');
    assert.equal(out[0]?.kind === 'discarded' && out[0].length, 40);
    assert.deepEqual(out[1], { kind: 'code', text: 'A005' });
  });

  it('refuses lines with control-byte noise or invalid UTF-8', () => {
    const out = feed(new LineFramer(), [
      Uint8Array.of(0x41, 0x00, 0x07, 0x0d),
      Uint8Array.of(0xff, 0xfe, 0x0d),
    ]);
    assert.deepEqual(
      out.map((v) => v.kind === 'discarded' && v.reason),
      ['undecodable', 'undecodable'],
    );
  });

  it('keeps tab and GS inside a code', () => {
    const out = feed(new LineFramer(), ['(01)1\x1d(10)A\tB\r']);
    assert.deepEqual(out, [{ kind: 'code', text: '(01)1\x1d(10)A\tB' }]);
  });

  it('decodes GB18030 when the scanner is set to it', () => {
    const gb = Uint8Array.of(0xc9, 0xe7, 0xc7, 0xf8, 0x0d); // 社区 in GB18030
    assert.deepEqual(feed(new LineFramer({ encoding: 'gb18030' }), [gb]), [{ kind: 'code', text: '社区' }]);
  });

  it('discards a partial line after the idle time', () => {
    const framer = new LineFramer({ idleMs: 50 });
    assert.deepEqual(framer.push(bytes('SQ1.A'), 0), []);
    assert.equal(framer.expire(49), null);
    const verdict = framer.expire(50);
    assert.equal(verdict?.kind === 'discarded' && verdict.reason, 'idle-timeout');
    assert.deepEqual(framer.push(bytes('A006\r'), 60), [{ kind: 'code', text: 'A006' }]);
  });
});
