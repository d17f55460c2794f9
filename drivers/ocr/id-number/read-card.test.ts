import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { mod11CheckChar } from '../../idcard/index.ts';
import type { StripText } from '../engine/recognizer.ts';
import { cardImage } from '../testing/card-image.ts';
import { FakeRecognizer } from '../testing/fake-recognizer.ts';
import { readIdCard } from './read-card.ts';
import { idNumberProblems } from './validate.ts';

const withCheck = (body: string): string => body + mod11CheckChar(body)!;
const NUMBER = withCheck('51010719870923456');
const OTHER = withCheck('51010719870923457');

function misreadWithValidWindow(n: string): string {
  for (let at = 1; at < 17; at++) {
    for (const d of '0123456789') {
      const text = n.slice(0, at) + d + n.slice(at);
      const valid = [text.slice(0, 18), text.slice(1)].filter((w) => idNumberProblems(w).length === 0);
      if (valid.length === 1 && valid[0] !== n) return text;
    }
  }
  throw new Error('no such misreading');
}

/** Answers the number-line reads in order, then repeats the last answer. */
function scripted(answers: StripText[]): FakeRecognizer {
  let i = 0;
  return new FakeRecognizer((req) => {
    if (req.script !== 'digits') return { text: '', confidence: 0 };
    const a = answers[Math.min(i, answers.length - 1)]!;
    i++;
    return a;
  });
}

describe('readIdCard: when a number that passes its checks is trusted', () => {
  let image: Buffer;
  before(async () => {
    image = (await cardImage({ seed: 51, angleDeg: 1, noise: 3, blurPx: 0.3 })).image;
  });

  it('trusts a whole 18-character reading with good confidence at once', async () => {
    const fake = scripted([{ text: NUMBER, confidence: 85 }]);
    const r = await readIdCard(image, fake, { readName: false });
    assert.equal(r.kind === 'id-card' && r.numberValid, true);
    assert.equal(fake.requests.length, 1);
  });

  it('needs a second reading to agree when confidence is low', async () => {
    const agreed = await readIdCard(image, scripted([{ text: NUMBER, confidence: 40 }]), { readName: false });
    assert.equal(agreed.kind === 'id-card' && agreed.numberValid, true);

    const fake = scripted([
      { text: NUMBER, confidence: 40 },
      { text: OTHER, confidence: 41 },
      { text: '1234', confidence: 10 },
    ]);
    const disputed = await readIdCard(image, fake, { readName: false });
    assert.equal(disputed.kind, 'id-card');
    assert.equal(disputed.kind === 'id-card' && disputed.numberValid, false);
    assert.deepEqual(disputed.kind === 'id-card' && disputed.problems, ['unconfirmed']);
  });

  it('never trusts a number cut out of a longer reading, even read twice alike', async () => {
    // A digit inserted mid-line, chosen so that one 18-character window validates: not what was printed.
    const inserted = misreadWithValidWindow(NUMBER);
    const fake = scripted([
      { text: inserted, confidence: 90 },
      { text: inserted, confidence: 90 },
      { text: inserted, confidence: 90 },
    ]);
    const r = await readIdCard(image, fake, { readName: false });
    // No window may be trusted, yet it is the best reading there is: returned, marked not valid.
    assert.equal(r.kind, 'id-card');
    assert.equal(r.kind === 'id-card' && r.numberValid, false);
    assert.deepEqual(r.kind === 'id-card' && r.problems, ['unconfirmed']);
  });
});
