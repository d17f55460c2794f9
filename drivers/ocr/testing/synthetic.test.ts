import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadImage } from '@napi-rs/canvas';
import { isValidIdNumber } from '../../idcard/index.ts';
import { parseMrz } from '../mrz/parse.ts';
import { cardImage } from './card-image.ts';
import { seededRandom, syntheticPerson } from './synthetic-identity.ts';
import { syntheticMrzPerson, td1Lines, td3Lines } from './synthetic-mrz.ts';

describe('synthetic people and documents', () => {
  it('makes numbers with valid check characters, or wrong ones on request', () => {
    const rand = seededRandom(5);
    for (let i = 0; i < 50; i++) {
      const p = syntheticPerson(rand);
      assert.ok(isValidIdNumber(p.number), 'valid number');
      const birth = `${p.birth.year}${String(p.birth.month).padStart(2, '0')}${String(p.birth.day).padStart(2, '0')}`;
      assert.equal(p.number.slice(6, 14), birth);
      const bad = syntheticPerson(rand, { wrongCheckDigit: true });
      assert.equal(isValidIdNumber(bad.number), false);
      assert.equal(bad.checkDigitValid, false);
    }
  });

  it('renders the same card for the same seed, and a decodable frame', async () => {
    const a = await cardImage({ seed: 8, format: 'png' });
    const b = await cardImage({ seed: 8, format: 'png' });
    assert.equal(a.person.number, b.person.number);
    assert.ok(a.image.equals(b.image));
    const img = await loadImage(a.image);
    assert.ok(img.width > 856 && img.height > 540, `${img.width}×${img.height}`);
    assert.ok(Math.abs(a.camera.angleDeg) <= 5);
  });

  it('builds MRZ lines that parse as valid, and a broken one that does not', () => {
    const p = syntheticMrzPerson(seededRandom(9));
    const td3 = parseMrz(td3Lines(p));
    assert.equal(td3?.valid, true);
    assert.equal(td3?.documentNumber, p.documentNumber);
    assert.equal(parseMrz(td1Lines({ ...p, documentCode: 'I' }))?.valid, true);
    assert.equal(parseMrz(td3Lines(p, { breakCheck: true }))?.valid, false);
  });
});
