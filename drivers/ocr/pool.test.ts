import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mod11CheckChar } from '../idcard/index.ts';
import { OcrError } from './errors.ts';
import { OcrPool } from './pool.ts';
import { blankImage, cardImage } from './testing/card-image.ts';
import { FakeRecognizer } from './testing/fake-recognizer.ts';

const GOOD = (() => {
  const body = '31010419850312041';
  return body + mod11CheckChar(body)!;
})();

describe('OcrPool with a scripted recogniser', () => {
  it('returns the number as valid only when its check character passes', async () => {
    const { image } = await cardImage({ seed: 7, angleDeg: 2, noise: 4, blurPx: 0.3 });
    const bad = `${GOOD.slice(0, 17)}${GOOD[17] === '1' ? '2' : '1'}`;
    for (const [text, valid] of [
      [GOOD, true],
      [bad, false],
    ] as const) {
      const fake = new FakeRecognizer((req) =>
        req.script === 'digits' ? { text, confidence: 88 } : { text: '李华', confidence: 80 },
      );
      const pool = new OcrPool({ createRecognizer: () => fake });
      const r = await pool.recognizeIdCard(image);
      await pool.close();
      assert.equal(r.kind, 'id-card');
      assert.equal(r.kind === 'id-card' && r.numberValid, valid);
      assert.equal(r.kind === 'id-card' && r.number, text);
      // The strip was read as one line with the digit whitelist.
      assert.deepEqual(fake.requests[0] && [fake.requests[0].script, fake.requests[0].layout], [
        'digits',
        'line',
      ]);
      if (!valid) assert.deepEqual(r.kind === 'id-card' && r.problems, ['check-digit']);
    }
  });

  it('reports no number found on a blank frame without asking the engine', async () => {
    const fake = new FakeRecognizer(() => ({ text: GOOD, confidence: 90 }));
    const pool = new OcrPool({ createRecognizer: () => fake });
    const r = await pool.recognizeIdCard(await blankImage());
    await pool.close();
    assert.equal(r.kind, 'not-found');
    assert.match(r.kind === 'not-found' ? r.reason : '', /no ID number found/);
    assert.equal(fake.requests.length, 0);
  });

  it('throws a typed error for bytes that are not an image', async () => {
    const pool = new OcrPool({
      createRecognizer: () => new FakeRecognizer(() => ({ text: '', confidence: 0 })),
    });
    await assert.rejects(pool.recognizeIdCard(Buffer.from('not an image')), (err: unknown) => {
      return err instanceof OcrError && err.code === 'image-unreadable';
    });
    assert.equal(pool.stats().failed, 1);
    await pool.close();
  });

  it('never lets more than `size` images use recognisers at once', async () => {
    const fakes: FakeRecognizer[] = [];
    const pool = new OcrPool({
      size: 2,
      createRecognizer: () => {
        const f = new FakeRecognizer(() => ({ text: GOOD, confidence: 90 }), 20);
        fakes.push(f);
        return f;
      },
    });
    const { image } = await cardImage({ seed: 3, angleDeg: 0, noise: 0, blurPx: 0 });
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => pool.recognizeIdCard(image, { readName: false })),
    );
    assert.equal(results.filter((r) => r.kind === 'id-card' && r.numberValid).length, 4);
    assert.equal(fakes.length, 2);
    assert.ok(fakes.every((f) => f.maxActive === 1));
    assert.deepEqual(
      { size: pool.stats().size, served: pool.stats().served, busy: pool.stats().busy },
      { size: 2, served: 4, busy: 0 },
    );
    await pool.close();
    assert.ok(fakes.every((f) => f.closed));
  });

  it('rejects queued and later work once closed', async () => {
    const pool = new OcrPool({
      createRecognizer: () => new FakeRecognizer(() => ({ text: GOOD, confidence: 90 }), 50),
    });
    const { image } = await cardImage({ seed: 4, angleDeg: 0, noise: 0, blurPx: 0 });
    const first = pool.recognizeIdCard(image, { readName: false });
    const queued = pool.recognizeIdCard(image, { readName: false });
    await new Promise((r) => setImmediate(r));
    const closing = pool.close();
    await assert.rejects(queued, (err: unknown) => err instanceof OcrError && err.code === 'pool-closed');
    assert.equal((await first).kind, 'id-card');
    await closing;
    await assert.rejects(
      pool.recognizeMrz(image),
      (err: unknown) => err instanceof OcrError && err.code === 'pool-closed',
    );
  });
});
