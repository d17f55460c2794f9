import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPhoto, buildTextBlock } from '../sim/card-data.ts';
import { loadSimCard, type SimCard } from '../sim/sim-card.ts';
import { mod11CheckChar } from './check-digit.ts';
import { decodeIdentity } from './decode.ts';
import { CARD_TYPE_FLAG_OFFSET, RESIDENT_LAYOUT, readField, writeField } from './text-layout.ts';

function decodeCard(card: SimCard) {
  return decodeIdentity(buildTextBlock(card), buildPhoto(card));
}

/** A synthetic resident born on `birth` (YYYYMMDD) with a valid check character. */
function syntheticNumber(area: string, birth: string, sequence: string): string {
  const body = `${area}${birth}${sequence}`;
  return `${body}${mod11CheckChar(body)}`;
}

describe('decodeIdentity: resident card (reference §5.3)', () => {
  it('decodes every field of a card built by the simulator', () => {
    const id = decodeCard(loadSimCard('resident-zhang'));
    assert.equal(id.cardType, 'resident');
    assert.ok(id.name === '张三丰', 'name differs from the card');
    assert.equal(id.gender, 'male');
    assert.equal(id.nation, '汉');
    assert.equal(id.nationCode, '01');
    assert.equal(id.birthDate, '1950-03-15');
    assert.equal(id.address, '北京市朝阳区幸福路88号3号楼2单元101室');
    assert.ok(id.number === '110105195003150019', 'number differs from the card');
    assert.equal(id.checkDigitValid, true);
    assert.equal(id.issuer, '北京市公安局朝阳分局');
    assert.equal(id.validFrom, '2016-05-20');
    assert.equal(id.validTo, 'long-term');
    assert.equal(id.photo.format, 'wlt');
    assert.equal(id.photo.bytes.length, 1024);
    assert.equal(id.photo.decoded, null);
    assert.match(id.photo.note, /decoder/);
    assert.equal(id.problems, undefined);
  });

  it('stores 长期 as 7F 95 1F 67 followed by spaces', () => {
    const text = buildTextBlock(loadSimCard('resident-zhang'));
    const validTo = text.subarray(RESIDENT_LAYOUT.validTo.offset, RESIDENT_LAYOUT.validTo.offset + 16);
    assert.deepEqual([...validTo], [0x7f, 0x95, 0x1f, 0x67, ...Array(6).fill([0x20, 0x00]).flat()]);
    assert.deepEqual([...text.subarray(CARD_TYPE_FLAG_OFFSET, CARD_TYPE_FLAG_OFFSET + 2)], [0x20, 0x00]);
  });

  it('decodes a dated card for someone born in 1990 with another nation', () => {
    const id = decodeCard(loadSimCard('resident-li'));
    assert.deepEqual(
      [id.gender, id.nation, id.birthDate, id.validTo],
      ['female', '蒙古', '1990-08-20', '2040-09-01'],
    );
    assert.equal(id.checkDigitValid, true);
  });

  it('reports a failed check character instead of dropping or trusting the card', () => {
    const id = decodeCard(loadSimCard('resident-bad-check'));
    assert.equal(id.checkDigitValid, false);
    assert.ok(id.name === '王小明', 'name differs from the card');
  });

  it('lists fields that break their format, and mismatches with the number', () => {
    const card = { ...loadSimCard('resident-li'), number: syntheticNumber('330106', '19900821', '001') };
    const text = buildTextBlock(card);
    writeField(text, RESIDENT_LAYOUT.validFrom, '2020ABCD');
    writeField(text, RESIDENT_LAYOUT.gender, '7');
    const id = decodeIdentity(text, new Uint8Array(1024));
    assert.equal(id.checkDigitValid, true);
    assert.equal(id.gender, 'unknown');
    assert.deepEqual(id.problems, [
      'gender code is not one of 0, 1, 2, 9',
      'validFrom is not a valid YYYYMMDD date',
      'birth date differs from the number',
    ]);
  });

  it('keeps reading an unknown card-type flag as a resident card, with a problem noted', () => {
    const text = buildTextBlock(loadSimCard('resident-li'));
    writeField(text, { offset: CARD_TYPE_FLAG_OFFSET, bytes: 2 }, 'Q');
    const id = decodeIdentity(text, new Uint8Array(1024));
    assert.equal(id.cardType, 'resident');
    assert.ok(id.problems?.some((p) => p.includes('card-type flag')));
  });

  it('reads UCS-2 fields without their U+0020 padding', () => {
    const text = buildTextBlock(loadSimCard('resident-li'));
    assert.equal(readField(text, RESIDENT_LAYOUT.name), '李小红');
    assert.deepEqual([...text.subarray(6, 10)], [0x20, 0x00, 0x20, 0x00]);
  });
});

describe('decodeIdentity: other card types (reference §6)', () => {
  it("decodes a Hong Kong/Macao/Taiwan residence permit ('J')", () => {
    const id = decodeCard(loadSimCard('hmt-chen'));
    assert.equal(id.cardType, 'hmt-residence');
    assert.ok(id.name === '陈美玲', 'name differs from the card');
    assert.equal(id.nation, undefined);
    assert.ok(id.number === '810000198511020028', 'number differs from the card');
    assert.equal(id.checkDigitValid, true);
    assert.equal(id.passNumber, 'H12345678');
    assert.equal(id.issueCount, 2);
    assert.equal(id.validTo, '2026-03-10');
    assert.equal(id.problems, undefined);
  });

  it("decodes a 2017 foreign permanent resident card ('I')", () => {
    const id = decodeCard(loadSimCard('foreign-2017-smith'));
    assert.equal(id.cardType, 'foreign-2017');
    assert.ok(id.nameEn === 'SMITH JOHN WILLIAM', 'nameEn differs from the card');
    assert.ok(id.name === '史约翰', 'name differs from the card');
    assert.equal(id.gender, 'male');
    assert.ok(id.number === 'USA110085070619', 'number differs from the card');
    assert.equal(id.checkDigitValid, true);
    assert.equal(id.nationality, 'USA');
    assert.equal(id.birthDate, '1985-07-06');
    assert.equal(id.validFrom, '2018-01-15');
    assert.equal(id.cardVersion, '01');
    assert.equal(id.authorityCode, '1100');
    assert.equal(id.problems, undefined);
  });

  it("decodes a 2023 foreign permanent resident card ('Y') with a long English name", () => {
    const id = decodeCard(loadSimCard('foreign-2023-garcia'));
    assert.equal(id.cardType, 'foreign-2023');
    assert.ok(id.name === '加西亚', 'name differs from the card');
    assert.ok(id.nameEn === 'GARCIA FERNANDEZ DE LOS SANTOS JUAN CARLOS', 'nameEn differs from the card');
    assert.ok(id.number === '91172419780412003X', 'number differs from the card');
    assert.equal(id.checkDigitValid, true);
    assert.equal(id.renewalCount, 1);
    assert.equal(id.nation, undefined, 'the renewal count must not be read as a nation');
    assert.equal(id.nationality, 'ESP');
    assert.equal(id.previousNumberLink, '0A1');
    assert.equal(id.problems, undefined);
  });

  it("flags a 'Y' card whose number does not start with 9", () => {
    const card = {
      ...loadSimCard('foreign-2023-garcia'),
      number: syntheticNumber('117240', '19780412', '003'),
    };
    assert.equal(decodeCard(card).checkDigitValid, false);
  });
});

describe('photo', () => {
  it('stays undecoded without a decoder and goes through one when plugged in', async () => {
    const { decodePhoto } = await import('./photo.ts');
    const id = decodeCard(loadSimCard('resident-li'));
    assert.equal(await decodePhoto(id.photo), null);
    const seen: number[] = [];
    const image = await decodePhoto(id.photo, {
      decode: async (wlt) => {
        seen.push(wlt.length);
        return Uint8Array.of(0x42, 0x4d);
      },
    });
    assert.deepEqual([...(image ?? [])], [0x42, 0x4d]);
    assert.deepEqual(seen, [1024]);
  });
});
