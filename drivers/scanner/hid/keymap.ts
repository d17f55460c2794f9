/**
 * USB HID keyboard usages (HID Usage Tables, page 0x07) for the US layout, the layout keyboard-wedge
 * scanners are configured for out of the box. The keypad assumes Num Lock on, as scanners do.
 */

export const USAGE = {
  errorRollOver: 0x01,
  enter: 0x28,
  escape: 0x29,
  backspace: 0x2a,
  tab: 0x2b,
  capsLock: 0x39,
  keypadEnter: 0x58,
} as const;

export const MODIFIER = {
  leftCtrl: 0x01,
  leftShift: 0x02,
  leftAlt: 0x04,
  leftGui: 0x08,
  rightCtrl: 0x10,
  rightShift: 0x20,
  rightAlt: 0x40,
  rightGui: 0x80,
} as const;

export const SHIFT_MASK = MODIFIER.leftShift | MODIFIER.rightShift;
export const CTRL_MASK = MODIFIER.leftCtrl | MODIFIER.rightCtrl;
export const ALT_MASK = MODIFIER.leftAlt | MODIFIER.rightAlt;
export const GUI_MASK = MODIFIER.leftGui | MODIFIER.rightGui;

/** [unshifted, shifted] for every usage that types a character. */
const PRINTABLE = new Map<number, readonly [string, string]>();

for (let i = 0; i < 26; i++) {
  const lower = String.fromCharCode(0x61 + i);
  PRINTABLE.set(0x04 + i, [lower, lower.toUpperCase()]);
}
const DIGIT_ROW = '1234567890';
const DIGIT_ROW_SHIFTED = '!@#$%^&*()';
for (let i = 0; i < 10; i++) PRINTABLE.set(0x1e + i, [DIGIT_ROW[i]!, DIGIT_ROW_SHIFTED[i]!]);

const PUNCTUATION: readonly [number, string, string][] = [
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
];
for (const [usage, plain, shifted] of PUNCTUATION) PRINTABLE.set(usage, [plain, shifted]);
PRINTABLE.set(USAGE.tab, ['\t', '\t']);

/** Keypad keys type the same character with or without shift. */
const KEYPAD: readonly [number, string][] = [
  [0x54, '/'],
  [0x55, '*'],
  [0x56, '-'],
  [0x57, '+'],
  [0x59, '1'],
  [0x5a, '2'],
  [0x5b, '3'],
  [0x5c, '4'],
  [0x5d, '5'],
  [0x5e, '6'],
  [0x5f, '7'],
  [0x60, '8'],
  [0x61, '9'],
  [0x62, '0'],
  [0x63, '.'],
];
const KEYPAD_DIGITS = new Map<number, number>();
for (const [usage, ch] of KEYPAD) {
  PRINTABLE.set(usage, [ch, ch]);
  if (ch >= '0' && ch <= '9') KEYPAD_DIGITS.set(usage, Number(ch));
}

/** The character a key types, or null for keys that type nothing (modifiers, F-keys, arrows…). */
export function charFor(usage: number, shift: boolean, capsLock: boolean): string | null {
  const pair = PRINTABLE.get(usage);
  if (!pair) return null;
  const isLetter = usage >= 0x04 && usage <= 0x1d;
  return pair[(isLetter && capsLock ? !shift : shift) ? 1 : 0];
}

/** The digit of a keypad key (for Alt+keypad character codes), or null. */
export function keypadDigit(usage: number): number | null {
  return KEYPAD_DIGITS.get(usage) ?? null;
}

/**
 * Ctrl+key as the control character scanners send for non-printable data (Ctrl+] is GS, the GS1
 * group separator). Only the combinations a terminal would map are known.
 */
export function controlCharFor(usage: number): string | null {
  if (usage >= 0x04 && usage <= 0x1d) return String.fromCharCode(usage - 0x04 + 1);
  if (usage === 0x2f) return '\x1b';
  if (usage === 0x31) return '\x1c';
  if (usage === 0x30) return '\x1d';
  return null;
}

/** How a scanner types a character: the key and whether it holds shift. Used by the simulator. */
export interface Keystroke {
  usage: number;
  shift: boolean;
  /** Ctrl is held (control characters). */
  ctrl?: boolean;
}

const KEYSTROKES = new Map<string, Keystroke>();
// Main-block keys first, so '1' is typed on the digit row as a scanner does, not on the keypad.
for (const [usage, [plain, shifted]] of PRINTABLE) {
  if (usage >= 0x54) continue;
  if (!KEYSTROKES.has(plain)) KEYSTROKES.set(plain, { usage, shift: false });
  if (!KEYSTROKES.has(shifted)) KEYSTROKES.set(shifted, { usage, shift: true });
}
for (let usage = 0x04; usage <= 0x1d; usage++) {
  KEYSTROKES.set(String.fromCharCode(usage - 0x04 + 1), { usage, shift: false, ctrl: true });
}
KEYSTROKES.set('\x1b', { usage: 0x2f, shift: false, ctrl: true });
KEYSTROKES.set('\x1c', { usage: 0x31, shift: false, ctrl: true });
KEYSTROKES.set('\x1d', { usage: 0x30, shift: false, ctrl: true });
// Tab is typed as Tab, not as Ctrl+I.
KEYSTROKES.set('\t', { usage: USAGE.tab, shift: false });

export function keystrokeFor(ch: string): Keystroke | null {
  return KEYSTROKES.get(ch) ?? null;
}
