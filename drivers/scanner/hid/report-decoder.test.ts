import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toHidReports } from '../sim/hid-reports.ts';
import type { ScanVerdict } from '../types.ts';
import { KeyboardReportDecoder, type ReportDecoderOptions } from './report-decoder.ts';

function decodeAll(reports: Uint8Array[], options: ReportDecoderOptions = {}, stepMs = 1): ScanVerdict[] {
  const decoder = new KeyboardReportDecoder(options);
  const out: ScanVerdict[] = [];
  let now = 1_000;
  for (const report of reports) {
    out.push(...decoder.push(report, now));
    now += stepMs;
  }
  return out;
}

function codes(verdicts: ScanVerdict[]): string[] {
  return verdicts.flatMap((v) => (v.kind === 'code' ? [v.text] : []));
}

const r = (modifiers: number, ...keys: number[]) =>
  Uint8Array.from([modifiers, 0, ...[...keys, 0, 0, 0, 0, 0, 0].slice(0, 6)]);
const RELEASE = r(0);
const ENTER = 0x28;

describe('KeyboardReportDecoder', () => {
  it('decodes lower case, digits and Enter', () => {
    assert.deepEqual(codes(decodeAll(toHidReports('abc123xyz'))), ['abc123xyz']);
  });

  it('decodes upper case and every shifted symbol of the US layout', () => {
    const text = 'SQ1.T.K-SIM-0001!@#$%^&*()_+{}|:"<>?~';
    assert.deepEqual(codes(decodeAll(toHidReports(text))), [text]);
  });

  it('decodes unshifted punctuation', () => {
    const text = "https://example.cn/a?b=c&d=[e];'f',`g`\\h";
    assert.deepEqual(codes(decodeAll(toHidReports(text))), [text]);
  });

  it('treats right shift like left shift', () => {
    assert.deepEqual(codes(decodeAll(toHidReports('AbC!', { rightShift: true }))), ['AbC!']);
  });

  it('ends a code on keypad Enter', () => {
    assert.deepEqual(codes(decodeAll(toHidReports('A023', { terminator: 'keypad-enter' }))), ['A023']);
  });

  it('reads keypad digits and operators', () => {
    // KP1 KP2 KP- KP0 KP. Enter
    const reports = [0x59, 0x5a, 0x56, 0x62, 0x63, ENTER].flatMap((k) => [r(0, k), RELEASE]);
    assert.deepEqual(codes(decodeAll(reports)), ['12-0.']);
  });

  it('counts a key once while it is held (no auto-repeat), and again after release', () => {
    const a = 0x04;
    const reports = [r(0, a), r(0, a), r(0, a), RELEASE, r(0, a), RELEASE, r(0, ENTER), RELEASE];
    assert.deepEqual(codes(decodeAll(reports)), ['aa']);
  });

  it('handles key rollover: the next key pressed before the last is released', () => {
    const text = 'Hello-World.2026';
    const reports = toHidReports(text, { rollover: true });
    assert.ok(
      reports.some((rep) => rep[3] !== 0),
      'the simulator really produced two-key reports',
    );
    assert.deepEqual(codes(decodeAll(reports)), [text]);
  });

  it('keeps the order of keys that appear in the same report', () => {
    // b and c both new in one report: typed in report order.
    const reports = [r(0, 0x05, 0x06), RELEASE, r(0, ENTER), RELEASE];
    assert.deepEqual(codes(decodeAll(reports)), ['bc']);
  });

  it('ignores the ErrorRollOver phantom state without typing or releasing keys', () => {
    const a = 0x04;
    const phantom = r(0, 1, 1, 1, 1, 1, 1);
    const reports = [r(0, a), phantom, r(0, a), RELEASE, r(0, ENTER), RELEASE];
    assert.deepEqual(codes(decodeAll(reports)), ['a']);
  });

  it('decodes 9-byte reports with a report-ID prefix', () => {
    const reports = toHidReports('SQ1.R.X', { reportId: 0x02 });
    assert.equal(reports[0]!.length, 9);
    assert.deepEqual(codes(decodeAll(reports)), ['SQ1.R.X']);
  });

  it('ignores reports of other lengths and counts them', () => {
    const decoder = new KeyboardReportDecoder();
    assert.deepEqual(decoder.push(Uint8Array.of(0, 0, 4), 0), []);
    assert.equal(decoder.badReports, 1);
    const out = toHidReports('ok').flatMap((rep) => decoder.push(rep, 1));
    assert.deepEqual(codes(out), ['ok']);
  });

  it('ignores an empty Enter', () => {
    assert.deepEqual(decodeAll([r(0, ENTER), RELEASE]), []);
  });

  it('Caps Lock inverts letters, not symbols', () => {
    const caps = 0x39;
    const reports = [r(0, caps), RELEASE, ...toHidReports('aB1!')];
    assert.deepEqual(codes(decodeAll(reports)), ['Ab1!']);
  });

  it('turns Ctrl+] into GS (GS1 group separator)', () => {
    const text = '(01)123\x1d(10)AB';
    assert.deepEqual(codes(decodeAll(toHidReports(text))), [text]);
  });

  it('decodes Alt+0nnnn Unicode codes and Alt+nnnnn GBK codes', () => {
    assert.deepEqual(codes(decodeAll(toHidReports('社区A'))), ['社区A']);
    // Alt+45217 on a Chinese host is GBK B0A1, 啊.
    const alt = 0x04;
    const digits = [0x5c, 0x5d, 0x5a, 0x59, 0x5f]; // 4 5 2 1 7
    const reports = [r(alt), ...digits.flatMap((k) => [r(alt, k), r(alt)]), RELEASE, r(0, ENTER), RELEASE];
    assert.deepEqual(codes(decodeAll(reports)), ['啊']);
    assert.deepEqual(codes(decodeAll(reports, { altCodes: 'unicode' })), [String.fromCodePoint(45217)]);
  });

  it('discards an incomplete code after the idle timeout, with a verdict', () => {
    const decoder = new KeyboardReportDecoder({ idleMs: 100 });
    const partial = toHidReports('SQ1.T', { terminator: 'none' });
    for (const rep of partial) assert.deepEqual(decoder.push(rep, 0), []);
    assert.equal(decoder.pending, true);
    assert.equal(decoder.expire(99), null, 'not yet idle');
    const verdict = decoder.expire(100);
    assert.equal(verdict?.kind, 'discarded');
    assert.equal(verdict?.kind === 'discarded' && verdict.reason, 'idle-timeout');
    assert.equal(verdict?.kind === 'discarded' && verdict.length, 5);
    assert.equal(decoder.pending, false);
    // The next scan starts clean.
    const next = toHidReports('A001').flatMap((rep) => decoder.push(rep, 200));
    assert.deepEqual(codes(next), ['A001']);
  });

  it('discards a stale partial code when the next key arrives late, even without a timer', () => {
    const decoder = new KeyboardReportDecoder({ idleMs: 100 });
    for (const rep of toHidReports('lost', { terminator: 'none' })) decoder.push(rep, 0);
    const out = toHidReports('A002').flatMap((rep) => decoder.push(rep, 500));
    assert.equal(out[0]?.kind === 'discarded' && out[0].reason, 'idle-timeout');
    assert.deepEqual(codes(out), ['A002']);
  });

  it('refuses an over-long code with a verdict and recovers for the next code', () => {
    const out = decodeAll([...toHidReports('x'.repeat(20)), ...toHidReports('ok')], { maxLength: 10 });
    assert.equal(out.length, 2);
    assert.deepEqual(out[0], {
      kind: 'discarded',
      reason: 'too-long',
      length: 20,
      detail: 'code longer than 10 characters refused',
    });
    assert.deepEqual(out[1], { kind: 'code', text: 'ok' });
  });

  it('round-trips every printable ASCII character through the simulator', () => {
    let text = '';
    for (let c = 0x20; c < 0x7f; c++) text += String.fromCharCode(c);
    assert.deepEqual(codes(decodeAll(toHidReports(text))), [text]);
    assert.deepEqual(codes(decodeAll(toHidReports(text, { rollover: true, reportId: 1 }))), [text]);
  });
});
