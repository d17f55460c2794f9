/** Finds the 18-character number in what OCR read from the number line. */
import { foreign2017Problems, type IdNumberProblem, idNumberProblems } from './validate.ts';

export interface NumberCandidate {
  number: string;
  problems: IdNumberProblem[];
  /** The reading was exactly 18 characters; false when the number was cut out of a longer one. */
  exact: boolean;
}

/**
 * Picks the number from OCR text. The line is read with a 0-9X whitelist, so stray marks come out as
 * extra digits: when the text is longer than 18, every 18-character window is tried and a window is
 * offered only if it is the single one that validates. Such a window is not `exact`: a digit inserted
 * mid-line can leave a wrong window that validates, so the caller must confirm it by a second reading.
 */
export function extractIdNumber(text: string): NumberCandidate | undefined {
  const compact = text.toUpperCase().replace(/[^0-9X]/g, '');
  if (compact.length < 18) return undefined;
  if (compact.length === 18) return { number: compact, problems: idNumberProblems(compact), exact: true };
  const windows: NumberCandidate[] = [];
  for (let i = 0; i + 18 <= compact.length; i++) {
    const number = compact.slice(i, i + 18);
    // An X can only be the last character.
    if (number.slice(0, 17).includes('X')) continue;
    windows.push({ number, problems: idNumberProblems(number), exact: false });
  }
  const valid = windows.filter((w) => w.problems.length === 0);
  if (valid.length === 1) return valid[0];
  const first = windows[0] ?? {
    number: compact.slice(0, 18),
    problems: idNumberProblems(compact.slice(0, 18)),
  };
  return {
    number: first.number,
    problems: first.problems.length > 0 ? first.problems : ['format'],
    exact: false,
  };
}

const TO_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };
const TO_DIGIT: Record<string, string> = {
  O: '0',
  D: '0',
  Q: '0',
  I: '1',
  L: '1',
  Z: '2',
  S: '5',
  G: '6',
  B: '8',
};

/**
 * The 15-character number of the 2017 foreign permanent resident card (3 letters, 12 digits) from a
 * line read with letters and digits allowed. Letters and digits that look alike are put in the class
 * the format needs (the check digit then decides); any other length is a format problem.
 */
export function extractForeign2017Number(text: string): NumberCandidate | undefined {
  const compact = text.toUpperCase().replace(/[^0-9A-Z]/g, '');
  // Only the exact shape is a candidate: any other length is not this card's number line at all.
  if (compact.length !== 15) return undefined;
  const chars = Array.from(compact);
  const number = chars.map((c, i) => (i < 3 ? (TO_LETTER[c] ?? c) : (TO_DIGIT[c] ?? c))).join('');
  return { number, problems: foreign2017Problems(number), exact: true };
}
