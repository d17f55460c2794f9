/**
 * When a name is returned and when it is withheld, through readIdCard with a scripted engine: the
 * number line reads valid, and the Chinese strips (the label first, then the value) answer as told.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { mod11CheckChar } from '../../idcard/index.ts';
import type { StripText } from '../engine/recognizer.ts';
import { cardImage } from '../testing/card-image.ts';
import { FakeRecognizer } from '../testing/fake-recognizer.ts';
import type { IdCardReading } from '../types.ts';
import { readIdCard } from './read-card.ts';
import { NAME_MIN_WORD_CONFIDENCE, plausibleName } from './read-name.ts';

const withCheck = (body: string): string => body + mod11CheckChar(body)!;
const RESIDENT = withCheck('51010719870923456');
const FOREIGN_2023 = withCheck('91112419870923456');

const words = (...pairs: Array<[string, number]>): StripText => ({
  text: pairs.map(([t]) => t).join(' '),
  confidence: pairs.reduce((a, [, c]) => a + c, 0) / pairs.length,
  words: pairs.map(([text, confidence]) => ({ text, confidence })),
});

/** The number strip reads `number`; Chinese strips answer in turn from `chinese`. */
function engine(number: string, chinese: StripText[]): FakeRecognizer {
  let i = 0;
  return new FakeRecognizer((req) => {
    if (req.script !== 'chinese') return { text: number, confidence: 90 };
    return chinese[Math.min(i++, chinese.length - 1)]!;
  });
}

async function read(image: Buffer, fake: FakeRecognizer): Promise<IdCardReading> {
  const r = await readIdCard(image, fake);
  assert.equal(r.kind, 'id-card');
  return r as IdCardReading;
}

describe('the name comes only from the name field, with confidence', () => {
  let resident: Buffer;
  let foreign: Buffer;
  before(async () => {
    resident = (await cardImage({ seed: 61, condition: 'baseline', angleDeg: 2 })).image;
    foreign = (await cardImage({ seed: 62, cardType: 'foreign-2023', angleDeg: -2 })).image;
  });

  it('returns a confident, plausible name read on the line labelled 姓名', async () => {
    const fake = engine(RESIDENT, [words(['姓名', 90]), words(['张', 97], ['伟', 95])]);
    const r = await read(resident, fake);
    assert.equal(r.numberValid, true);
    assert.equal(r.cardType, 'resident');
    assert.equal(r.name, '张伟');
    assert.equal(r.nameWithheld, undefined);
    assert.equal(r.nameConfidence, 95);
    // The label and the value were read as separate strips, with chi_sim, one line each.
    const chinese = fake.requests.filter((q) => q.script === 'chinese');
    assert.equal(chinese.length, 2);
    assert.ok(chinese.every((q) => q.layout === 'line'));
  });

  it('withholds a name whose line is labelled otherwise (never takes another line)', async () => {
    const fake = engine(RESIDENT, [words(['性别', 92])]);
    const r = await read(resident, fake);
    assert.equal(r.name, null);
    assert.equal(r.nameWithheld, 'label-mismatch');
    // Only labels were read: no value of a line not labelled 姓名.
    assert.ok(fake.requests.filter((q) => q.script === 'chinese').length <= 3);
    assert.equal(r.numberValid, true, 'the number is reported on its own');
  });

  it('withholds a name when any of its characters was read unsure', async () => {
    const unsure = NAME_MIN_WORD_CONFIDENCE - 1;
    const r = await read(
      resident,
      engine(RESIDENT, [words(['姓名', 90]), words(['张', 99], ['伟', unsure])]),
    );
    assert.equal(r.name, null);
    assert.equal(r.nameWithheld, 'low-confidence');
    assert.equal(r.nameConfidence, unsure);
  });

  it('withholds what is not a name: one character, five, Latin letters, stray marks', async () => {
    for (const text of [['张'], ['欧', '阳', '娜', '娜', '娜'], ['ZHANG'], ['张', '|', '伟']]) {
      const fake = engine(RESIDENT, [
        words(['姓名', 90]),
        words(...text.map((t): [string, number] => [t, 98])),
      ]);
      const r = await read(resident, fake);
      assert.equal(r.name, null, text.join(''));
      assert.equal(r.nameWithheld, 'implausible');
    }
  });

  it('accepts rare characters and a minority name joined by a dot (read as a dot or an apostrophe)', async () => {
    const rare = await read(resident, engine(RESIDENT, [words(['姓名', 90]), words(['王', 97], ['䶮', 95])]));
    assert.equal(rare.name, '王䶮');
    const fake = engine(RESIDENT, [
      words(['姓名', 90]),
      words(['阿', 96], ['依', 96], ['古', 97], ['丽', 96], ["'", 3], ['买', 97], ['买', 97], ['提', 96]),
    ]);
    const minority = await read(resident, fake);
    assert.equal(minority.name, '阿依古丽·买买提');
    assert.ok(plausibleName('热依拉·艾力'));
    assert.ok(!plausibleName('·艾力'));
  });

  it('finds the name field of the 2023 foreign card from its own layout', async () => {
    const r = await read(
      foreign,
      engine(FOREIGN_2023, [words(['姓名/Name', 85]), words(['李', 96], ['安', 96])]),
    );
    assert.equal(r.cardType, 'foreign-2023');
    assert.equal(r.name, '李安');
  });

  it('reads no name when asked not to, and says so', async () => {
    const fake = engine(RESIDENT, [words(['张', 97], ['伟', 95])]);
    const r = await readIdCard(resident, fake, { readName: false });
    assert.equal(r.kind === 'id-card' && r.name, null);
    assert.equal(r.kind === 'id-card' && r.nameWithheld, 'not-requested');
    assert.equal(fake.requests.filter((q) => q.script === 'chinese').length, 0);
  });
});
