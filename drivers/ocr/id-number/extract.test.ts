import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mod11CheckChar } from '../../idcard/index.ts';
import { extractIdNumber } from './extract.ts';
import { idNumberProblems } from './validate.ts';

// Synthetic numbers: district 110105, made-up birth dates and sequence numbers.
const withCheck = (body: string): string => body + mod11CheckChar(body)!;
const GOOD = withCheck('11010519800101123');
const GOOD_X = (() => {
  for (let seq = 100; seq < 999; seq++) {
    const n = withCheck(`44010619750615${seq}`);
    if (n.endsWith('X')) return n;
  }
  throw new Error('no X number in range');
})();
const wrongCheck = (n: string): string => n.slice(0, 17) + (n[17] === '0' ? '1' : '0');

describe('idNumberProblems', () => {
  it('accepts numbers with a valid MOD 11-2 check character, including X', () => {
    assert.deepEqual(idNumberProblems(GOOD), []);
    assert.deepEqual(idNumberProblems(GOOD_X), []);
  });

  it('reports a wrong check character', () => {
    assert.deepEqual(idNumberProblems(wrongCheck(GOOD)), ['check-digit']);
  });

  it('reports an impossible birth date even when the check character fits', () => {
    const feb30 = withCheck('11010519800230123');
    assert.deepEqual(idNumberProblems(feb30), ['birth-date']);
    const future = withCheck('11010530990101123');
    assert.ok(idNumberProblems(future).includes('birth-date'));
  });

  it('reports a district code starting with 0 and malformed input', () => {
    assert.ok(idNumberProblems(withCheck('01010519800101123')).includes('region'));
    assert.deepEqual(idNumberProblems('1101051980010112'), ['format']);
    assert.deepEqual(idNumberProblems('11010519800101X234'), ['format']);
  });
});

describe('extractIdNumber', () => {
  it('takes an exact 18-character reading, spaces and lower-case x allowed', () => {
    const spaced = `${GOOD_X.slice(0, 6)} ${GOOD_X.slice(6, 14)} ${GOOD_X.slice(14).toLowerCase()}`;
    assert.deepEqual(extractIdNumber(spaced), { number: GOOD_X, problems: [], exact: true });
  });

  it('returns a wrong check digit as a reading with problems, never as valid', () => {
    const r = extractIdNumber(wrongCheck(GOOD));
    assert.ok(r);
    assert.deepEqual(r.problems, ['check-digit']);
  });

  it('finds the number inside stray digits when exactly one window validates', () => {
    const r = extractIdNumber(`7${GOOD}1`);
    // Not exact: the caller must have a second reading agree before trusting it.
    assert.deepEqual(r, { number: GOOD, problems: [], exact: false });
  });

  it('gives nothing for short text', () => {
    assert.equal(extractIdNumber('1101051980'), undefined);
    assert.equal(extractIdNumber(''), undefined);
  });
});
