/**
 * End to end through tesseract.js with the local models: a few generated images only (the
 * 200-image run is bench/ocr.bench.ts). Failure messages mask numbers and names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { maskIdNumber, maskName } from '../idcard/index.ts';
import { OcrCapture } from './capture/ocr-capture.ts';
import { OcrPool } from './pool.ts';
import { blankImage, cardImage } from './testing/card-image.ts';
import { cardSequence } from './testing/frame-sequence.ts';
import { mrzImage } from './testing/mrz-image.ts';
import { seededRandom } from './testing/synthetic-identity.ts';
import { syntheticMrzPerson, td3Lines } from './testing/synthetic-mrz.ts';

function assertSameSecret(
  actual: string | undefined,
  expected: string,
  mask: (s: string) => string,
  what: string,
) {
  assert.ok(
    actual === expected,
    `${what}: read ${actual === undefined ? 'nothing' : mask(actual)}, expected ${mask(expected)}`,
  );
}

describe('OCR end to end with tesseract.js', () => {
  let pool: OcrPool;
  before(async () => {
    pool = await OcrPool.start({ size: 1 });
  });
  after(async () => {
    await pool.close();
  });

  it('reads the number and name from a tilted, noisy card photo', async () => {
    const card = await cardImage({ seed: 11, angleDeg: -3.5, blurPx: 0.8, noise: 8, format: 'jpeg' });
    const r = await pool.recognizeIdCard(card.image);
    assert.equal(r.kind, 'id-card');
    if (r.kind !== 'id-card') return;
    assertSameSecret(r.number, card.person.number, maskIdNumber, 'number');
    assert.equal(r.numberValid, true);
    assert.deepEqual(r.problems, []);
    assertSameSecret(r.name ?? undefined, card.person.name, maskName, 'name');
    assert.ok(r.confidence > 50, `confidence ${r.confidence}`);
  });

  it('reads the number and the Chinese name of a 2023 foreign card photographed in perspective', async () => {
    const card = await cardImage({
      seed: 21,
      cardType: 'foreign-2023',
      camera: { keystone: { x: 0.08, y: -0.05 } },
    });
    const r = await pool.recognizeIdCard(card.image);
    assert.equal(r.kind, 'id-card');
    if (r.kind !== 'id-card') return;
    assert.equal(r.cardType, 'foreign-2023');
    assertSameSecret(r.number, card.person.number, maskIdNumber, 'number');
    assert.equal(r.numberValid, true);
    assertSameSecret(r.name ?? undefined, card.person.name, maskName, 'name');
  });

  it('returns a rare-character name only if it read it right, and the number regardless', async () => {
    for (const seed of [15, 16]) {
      const card = await cardImage({ seed, nameKind: 'rare', condition: 'rotated' });
      const r = await pool.recognizeIdCard(card.image);
      assert.equal(r.kind, 'id-card');
      if (r.kind !== 'id-card') return;
      assertSameSecret(r.number, card.person.number, maskIdNumber, 'number');
      if (r.name !== null) assertSameSecret(r.name, card.person.name, maskName, 'name');
      else assert.ok(r.nameWithheld, 'a reason is given');
    }
  });

  it('captures a card moving into place from the camera, skipping the blurred approach', async () => {
    const { frames, person } = await cardSequence({ seed: 17, frames: 10, approach: 4 });
    let next = 0;
    const capture = new OcrCapture(pool, {
      // The next frame when this one is done: nothing dropped, so the count is deterministic.
      onFrame: () => {
        if (next < frames.length) capture.offer(frames[next++]!);
      },
    });
    capture.offer(frames[next++]!);
    const r = await capture.result;
    assert.equal(r.reading.kind, 'id-card');
    if (r.reading.kind !== 'id-card') return;
    assertSameSecret(r.reading.number, person.number, maskIdNumber, 'number');
    assert.ok(r.framesSkipped >= 2, `${r.framesSkipped} frames skipped by the pre-check`);
    assert.ok(r.frameIndex >= 2 && r.frameIndex < frames.length, `captured at frame ${r.frameIndex}`);
    assert.equal(r.framesDropped, 0);
  });

  it('returns a card printed with a wrong check digit as not valid', async () => {
    const card = await cardImage({ seed: 12, wrongCheckDigit: true, angleDeg: 1.5, blurPx: 0.4, noise: 5 });
    assert.equal(card.person.checkDigitValid, false);
    const r = await pool.recognizeIdCard(card.image, { readName: false });
    assert.equal(r.kind, 'id-card');
    if (r.kind !== 'id-card') return;
    assert.equal(r.numberValid, false);
    assert.ok(r.problems.includes('check-digit') || r.problems.includes('format'), r.problems.join());
  });

  it('says clearly that no number was found on a blank frame and on the back of the card', async () => {
    for (const image of [
      await blankImage(),
      (await cardImage({ seed: 13, side: 'back', angleDeg: 2 })).image,
    ]) {
      const r = await pool.recognizeIdCard(image);
      assert.equal(r.kind, 'not-found');
      assert.match(r.kind === 'not-found' ? r.reason : '', /no ID number found/);
    }
  });

  it('reads and verifies a passport MRZ, and refuses one with a broken check digit', async () => {
    const person = syntheticMrzPerson(seededRandom(21));
    const ok = await pool.recognizeMrz(
      await mrzImage({ lines: td3Lines(person), seed: 21, angleDeg: 2, noise: 3, blurPx: 0.3 }),
    );
    assert.equal(ok.kind, 'mrz');
    if (ok.kind !== 'mrz') return;
    assert.equal(ok.format, 'TD3');
    assert.equal(ok.valid, true, JSON.stringify(ok.checks));
    assertSameSecret(ok.documentNumber, person.documentNumber, maskIdNumber, 'document number');
    assert.equal(ok.surname, person.surname);

    const broken = await pool.recognizeMrz(
      await mrzImage({
        lines: td3Lines(person, { breakCheck: true }),
        seed: 22,
        angleDeg: -1,
        noise: 3,
        blurPx: 0.3,
      }),
    );
    assert.ok(
      broken.kind === 'not-found' ||
        (broken.kind === 'mrz' && !broken.valid && !broken.checks.documentNumber),
    );
  });
});
