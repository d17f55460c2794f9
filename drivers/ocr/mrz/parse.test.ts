import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mrzCheckDigit } from './check-digit.ts';
import { parseMrz } from './parse.ts';

// ICAO Doc 9303 part 4 and part 5 specimens (fictional Utopian documents).
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = [
  'I<UTOD231458907<<<<<<<<<<<<<<<',
  '7408122F1204159UTO<<<<<<<<<<<6',
  'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
];

describe('ICAO 7-3-1 check digits', () => {
  it('computes the specimen digits', () => {
    assert.equal(mrzCheckDigit('L898902C3'), '6');
    assert.equal(mrzCheckDigit('740812'), '2');
    assert.equal(mrzCheckDigit('120415'), '9');
    assert.equal(mrzCheckDigit('ZE184226B<<<<<'), '1');
    assert.equal(mrzCheckDigit('D23145890'), '7');
  });

  it('refuses characters outside the MRZ alphabet', () => {
    assert.equal(mrzCheckDigit('74O8a2'), null);
  });
});

describe('parseMrz', () => {
  it('parses the ICAO TD3 specimen with every check passing', () => {
    const r = parseMrz(TD3);
    assert.ok(r);
    assert.equal(r.format, 'TD3');
    assert.equal(r.documentCode, 'P');
    assert.equal(r.issuingState, 'UTO');
    assert.equal(r.documentNumber, 'L898902C3');
    assert.equal(r.nationality, 'UTO');
    assert.equal(r.birthDate, '740812');
    assert.equal(r.expiryDate, '120415');
    assert.equal(r.sex, 'F');
    assert.equal(r.surname, 'ERIKSSON');
    assert.equal(r.givenNames, 'ANNA MARIA');
    assert.equal(r.optionalData, 'ZE184226B');
    assert.deepEqual(r.checks, {
      documentNumber: true,
      birthDate: true,
      expiry: true,
      composite: true,
      personalNumber: true,
    });
    assert.equal(r.valid, true);
  });

  it('parses the ICAO TD1 specimen', () => {
    const r = parseMrz(TD1);
    assert.ok(r);
    assert.equal(r.format, 'TD1');
    assert.equal(r.documentCode, 'I');
    assert.equal(r.documentNumber, 'D23145890');
    assert.equal(r.birthDate, '740812');
    assert.equal(r.nationality, 'UTO');
    assert.equal(r.surname, 'ERIKSSON');
    assert.equal(r.givenNames, 'ANNA MARIA');
    assert.equal(r.valid, true);
  });

  it('marks a reading with a wrong check digit as not valid', () => {
    const broken = [TD3[0]!, `${TD3[1]!.slice(0, 9)}7${TD3[1]!.slice(10)}`];
    const r = parseMrz(broken);
    assert.ok(r);
    assert.equal(r.checks.documentNumber, false);
    assert.equal(r.checks.composite, false);
    assert.equal(r.valid, false);
  });

  it('catches a changed birth date through its check digit and the composite', () => {
    const broken = [TD3[0]!, TD3[1]!.replace('740812', '740813')];
    const r = parseMrz(broken);
    assert.ok(r);
    assert.equal(r.checks.birthDate, false);
    assert.equal(r.valid, false);
  });

  it('corrects letters read where the layout needs digits, and digits where it needs letters', () => {
    const misread = [
      'P<UT0ERIKSSON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<',
      'L898902C36UTO74O8122F12O4159ZE184226B<<<<<1O',
    ];
    const r = parseMrz(misread);
    assert.ok(r);
    assert.equal(r.issuingState, 'UTO');
    assert.equal(r.givenNames, 'ANNA MARIA');
    assert.equal(r.birthDate, '740812');
    assert.equal(r.valid, true);
  });

  it('returns undefined for lines that fit no layout', () => {
    assert.equal(parseMrz(['P<UTOERIKSSON', 'L898902C3']), undefined);
    assert.equal(parseMrz([]), undefined);
  });

  it('parses a TD1 document number that overflows into the optional data', () => {
    // 12-character number D23145890123: 9 in place, '<' as check, then '123' and its check digit.
    const body = 'D23145890123';
    const check = mrzCheckDigit(body)!;
    const line1 = `I<UTO${body.slice(0, 9)}<${body.slice(9)}${check}`.padEnd(30, '<');
    const line2noComposite = '7408122F1204159UTO<<<<<<<<<<<';
    const composite = mrzCheckDigit(
      line1.slice(5) +
        line2noComposite.slice(0, 7) +
        line2noComposite.slice(8, 15) +
        line2noComposite.slice(18, 29),
    )!;
    const r = parseMrz([line1, line2noComposite + composite, TD1[2]!]);
    assert.ok(r);
    assert.equal(r.documentNumber, body);
    assert.equal(r.checks.documentNumber, true);
    assert.equal(r.valid, true);
  });
});
