/**
 * The camera path with a scripted engine: frames dropped while busy, hopeless frames skipped before
 * OCR, the first valid reading wins, cancel and timeout, raw RGBA frames; and the lazy pool behind it
 * (nothing started before the first OCR request, everything closed again when idle).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { mod11CheckChar } from '../../idcard/index.ts';
import { OcrError } from '../errors.ts';
import { OcrPool } from '../pool.ts';
import { blankImage, cardImage } from '../testing/card-image.ts';
import { FakeRecognizer } from '../testing/fake-recognizer.ts';
import { OcrCapture } from './ocr-capture.ts';

const withCheck = (body: string): string => body + mod11CheckChar(body)!;
const GOOD = withCheck('44010619900307123');
const BAD = `${GOOD.slice(0, 17)}${GOOD[17] === '1' ? '2' : '1'}`;

function fakePool(answer: () => string, delayMs = 0) {
  const fakes: FakeRecognizer[] = [];
  const pool = new OcrPool({
    idleMs: 40,
    createRecognizer: () => {
      const f = new FakeRecognizer(
        (req) =>
          req.script === 'chinese' ? { text: '', confidence: 0 } : { text: answer(), confidence: 90 },
        delayMs,
      );
      fakes.push(f);
      return f;
    },
  });
  return { pool, fakes };
}

async function rgbaOf(jpeg: Buffer) {
  const img = await loadImage(jpeg);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data };
}

describe('OcrCapture', () => {
  let sharp: Buffer;
  let blurred: Buffer;
  let dark: Buffer;
  before(async () => {
    sharp = (await cardImage({ seed: 71, angleDeg: 3 })).image;
    blurred = (await cardImage({ seed: 71, angleDeg: 3, camera: { blurPx: 6 } })).image;
    dark = (await cardImage({ seed: 71, angleDeg: 3, camera: { gain: 0.08 } })).image;
  });

  it('skips blurred and dark frames without starting the engine, then captures a valid reading', async () => {
    const { pool } = fakePool(() => GOOD);
    const reports: string[] = [];
    const capture = new OcrCapture(pool, {
      looking: 'id-card',
      readName: false,
      onFrame: (r) => {
        reports.push(`${r.frameIndex}:${r.outcome}:${r.precheck?.verdict ?? ''}`);
        // The next frame comes when this one is done, so none is dropped here.
        if (r.frameIndex === 0) capture.offer(dark);
        if (r.frameIndex === 1) {
          assert.equal(pool.stats().started, 0, 'no recogniser for hopeless frames');
          capture.offer(sharp);
        }
      },
    });
    assert.equal(capture.offer(blurred), 'accepted');
    const r = await capture.result;
    assert.deepEqual(reports, ['0:skipped:blurred', '1:skipped:too-dark', '2:read:ok']);
    assert.equal(r.reading.kind, 'id-card');
    assert.equal(r.reading.kind === 'id-card' && r.reading.numberValid, true);
    assert.equal(r.frameIndex, 2);
    assert.equal(r.framesSkipped, 2);
    assert.equal(r.framesRead, 1);
    assert.ok(r.elapsedMs > 0);
    assert.equal(capture.offer(sharp), 'done');
    await pool.close();
  });

  it('drops frames while a frame is being read, and keeps reading after an invalid number', async () => {
    let reads = 0;
    const { pool } = fakePool(() => (reads++ < 4 ? BAD : GOOD), 30);
    const capture = new OcrCapture(pool, { looking: 'id-card', readName: false });
    const verdicts = [capture.offer(sharp), capture.offer(sharp), capture.offer(sharp)];
    assert.deepEqual(verdicts, ['accepted', 'busy', 'busy']);
    // Keep the camera running until the capture resolves.
    const timer = setInterval(() => capture.offer(sharp), 20);
    const r = await capture.result;
    clearInterval(timer);
    assert.ok(r.framesRead >= 2, `${r.framesRead} frames read`);
    assert.ok(r.framesDropped >= 2);
    assert.equal(r.reading.kind === 'id-card' && r.reading.number, GOOD);
    assert.ok(r.frameIndex >= 3);
    await pool.close();
  });

  it('takes raw RGBA frames, and skips bytes that are not a frame', async () => {
    const { pool } = fakePool(() => GOOD);
    const outcomes: string[] = [];
    const rgba = await rgbaOf(sharp);
    const capture = new OcrCapture(pool, {
      looking: 'id-card',
      readName: false,
      onFrame: (r) => {
        outcomes.push(r.outcome);
        if (r.frameIndex === 0) capture.offer({ ...rgba, width: rgba.width - 1 });
        if (r.frameIndex === 1) capture.offer(rgba);
      },
    });
    capture.offer(Buffer.from('not a jpeg'));
    const r = await capture.result;
    assert.deepEqual(outcomes, ['unreadable', 'unreadable', 'read']);
    assert.equal(r.frameIndex, 2);
    await pool.close();
  });

  it('rejects on cancel and on timeout, and never on its own when nobody waits', async () => {
    const { pool } = fakePool(() => BAD);
    const cancelled = new OcrCapture(pool, { looking: 'id-card' });
    cancelled.offer(await blankImage());
    cancelled.cancel();
    await assert.rejects(
      cancelled.result,
      (e: unknown) => e instanceof OcrError && e.code === 'capture-cancelled',
    );
    assert.equal(cancelled.offer(sharp), 'done');

    const timed = new OcrCapture(pool, { looking: 'id-card', readName: false, timeoutMs: 50 });
    timed.offer(sharp);
    await assert.rejects(timed.result, (e: unknown) => e instanceof OcrError && e.code === 'capture-timeout');
    await pool.close();
  });
});

describe('OcrPool is lazy and shrinks when idle', () => {
  it('starts no recogniser until asked, and closes it after idleMs', async () => {
    const { pool, fakes } = fakePool(() => GOOD);
    assert.equal(pool.stats().live, 0);
    assert.equal(fakes.length, 0);
    const { image } = await cardImage({ seed: 72, angleDeg: 0 });
    const r = await pool.recognizeIdCard(image, { readName: false });
    assert.equal(r.kind === 'id-card' && r.numberValid, true);
    assert.equal(pool.stats().live, 1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(pool.stats().live, 0, 'idle recogniser closed');
    assert.equal(fakes[0]?.closed, true);
    // The next request starts a fresh one.
    await pool.recognizeIdCard(image, { readName: false });
    assert.deepEqual([pool.stats().live, pool.stats().started], [1, 2]);
    await pool.close();
    assert.equal(fakes[1]?.closed, true);
  });
});
