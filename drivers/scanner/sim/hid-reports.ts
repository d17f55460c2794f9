/**
 * The exact boot-keyboard report sequence a keyboard-wedge scanner sends for a string: a press report
 * and a release report per character (or, with `rollover`, the next key pressed before the last one
 * is released, as fast scanners do), then Enter. Characters with no key on the US layout are typed
 * as Alt+0nnnn on the keypad, as scanners in "Alt code" mode do.
 */
import { keystrokeFor, MODIFIER, USAGE } from '../hid/keymap.ts';

export interface HidReportOptions {
  /** Prefix every report with this report-ID byte (9-byte reports). */
  reportId?: number;
  terminator?: 'enter' | 'keypad-enter' | 'none';
  /** Press the next key before releasing the previous one when the two differ. */
  rollover?: boolean;
  /** Hold right shift instead of left shift for upper case and symbols. */
  rightShift?: boolean;
}

/** The keyboard's state in one report: modifier bits and the keys down. */
interface KeyState {
  modifiers: number;
  keys: number[];
}

export function toHidReports(text: string, options: HidReportOptions = {}): Uint8Array[] {
  const shift = options.rightShift ? MODIFIER.rightShift : MODIFIER.leftShift;
  let states: KeyState[] = [];
  for (const ch of text) states.push(...statesFor(ch, shift));
  if (options.terminator !== 'none') {
    const enter = options.terminator === 'keypad-enter' ? USAGE.keypadEnter : USAGE.enter;
    states.push({ modifiers: 0, keys: [enter] }, { modifiers: 0, keys: [] });
  }
  if (options.rollover) states = overlapKeys(states);
  return states.map(({ modifiers, keys }) => {
    const report = [modifiers, 0, ...[...keys, 0, 0, 0, 0, 0, 0].slice(0, 6)];
    return Uint8Array.from(options.reportId === undefined ? report : [options.reportId, ...report]);
  });
}

/** The serial bytes a scanner in line mode sends for a string. */
export function toSerialBytes(text: string, terminator: 'CR' | 'LF' | 'CRLF' = 'CR'): Uint8Array {
  const end = terminator === 'CR' ? '\r' : terminator === 'LF' ? '\n' : '\r\n';
  return new TextEncoder().encode(text + end);
}

function statesFor(ch: string, shiftBit: number): KeyState[] {
  const stroke = keystrokeFor(ch);
  if (stroke) {
    const modifiers = (stroke.shift ? shiftBit : 0) | (stroke.ctrl ? MODIFIER.leftCtrl : 0);
    return [
      { modifiers, keys: [stroke.usage] },
      { modifiers: 0, keys: [] },
    ];
  }
  // Alt held, the keypad digits of the code point after a leading zero, Alt released.
  const alt = MODIFIER.leftAlt;
  const states: KeyState[] = [{ modifiers: alt, keys: [] }];
  for (const d of `0${ch.codePointAt(0)}`) {
    states.push({ modifiers: alt, keys: [keypadUsage(Number(d))] }, { modifiers: alt, keys: [] });
  }
  states.push({ modifiers: 0, keys: [] });
  return states;
}

/** press A, release, press B  →  press A, A+B down, B down (A released late). */
function overlapKeys(states: KeyState[]): KeyState[] {
  const out = states.slice();
  for (let i = 1; i + 1 < out.length; i++) {
    const [before, release, after] = [out[i - 1]!, out[i]!, out[i + 1]!];
    const overlappable =
      release.keys.length === 0 &&
      before.keys.length === 1 &&
      after.keys.length === 1 &&
      before.keys[0] !== after.keys[0] &&
      before.modifiers === after.modifiers;
    if (overlappable) out[i] = { modifiers: after.modifiers, keys: [before.keys[0]!, after.keys[0]!] };
  }
  return out;
}

function keypadUsage(digit: number): number {
  return digit === 0 ? 0x62 : 0x58 + digit;
}
