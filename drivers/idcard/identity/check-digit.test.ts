import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  foreign2017CheckDigit,
  genderFromIdNumber,
  isValidForeign2017Number,
  isValidForeign2023Number,
  isValidIdNumber,
  mod11CheckChar,
} from './check-digit.ts';
import { maskIdNumber, maskName } from './mask.ts';

describe('GB 11643 MOD 11-2', () => {
  it('gives X for the standard worked example 11010519491231002', () => {
    assert.equal(mod11CheckChar('11010519491231002'), 'X');
    assert.equal(isValidIdNumber('11010519491231002X'), true);
    assert.equal(isValidIdNumber('11010519491231002x'), true);
  });

  it('rejects a wrong check character, a wrong length and non-digits', () => {
    assert.equal(isValidIdNumber('110105194912310021'), false);
    assert.equal(isValidIdNumber('11010519491231002'), false);
    assert.equal(isValidIdNumber('1101051949123100AX'), false);
    assert.equal(mod11CheckChar('1101051949123100'), null);
  });

  it('catches any single changed digit', () => {
    const good = '110105195003150019';
    assert.equal(isValidIdNumber(good), true);
    for (let i = 0; i < 17; i++) {
      const d = (Number(good[i]) + 1) % 10;
      assert.equal(isValidIdNumber(`${good.slice(0, i)}${d}${good.slice(i + 1)}`), false, `digit ${i}`);
    }
  });

  it('reads the gender from the sequence parity', () => {
    assert.equal(genderFromIdNumber('110105195003150019'), 'male');
    assert.equal(genderFromIdNumber('330106199008200025'), 'female');
  });
});

describe('foreign permanent resident numbers', () => {
  it('2023: starts with 9 and passes MOD 11-2', () => {
    assert.equal(isValidForeign2023Number('91172419780412003X'), true);
    assert.equal(isValidForeign2023Number('110105195003150019'), false);
    assert.equal(isValidForeign2023Number('911724197804120031'), false);
  });

  it('2017: 3 letters, 12 digits, 7-3-1 check digit', () => {
    assert.equal(foreign2017CheckDigit('USA11008507061'), '9');
    assert.equal(isValidForeign2017Number('USA110085070619'), true);
    assert.equal(isValidForeign2017Number('USA110085070618'), false);
    assert.equal(isValidForeign2017Number('US1110085070619'), false);
  });
});

describe('masking', () => {
  it('masks Chinese names as the brief shows', () => {
    assert.equal(maskName('张三'), '张*');
    assert.equal(maskName('王小明'), '王*明');
    assert.equal(maskName('欧阳娜娜'), '欧**娜');
    assert.equal(maskName('李'), '*');
    assert.equal(maskName(''), '');
  });

  it('masks Latin names word by word', () => {
    assert.equal(maskName('JOHN SMITH'), 'J*** S****');
    assert.equal(maskName('GARCIA'), 'G*****');
  });

  it('keeps only the first and last four characters of a number', () => {
    assert.equal(maskIdNumber('11010519491231002X'), '1101**********002X');
    assert.equal(maskIdNumber('USA110085070619'), 'USA1*******0619');
    assert.equal(maskIdNumber('H1234567'), '********');
  });
});
