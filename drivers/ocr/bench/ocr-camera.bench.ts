/**
 * The camera path: generated documents moving into place (six frames sliding in, rotated and smeared,
 * then held still), played to OcrCapture at 10 frames a second in real time, as a browser camera would
 * send them. Measured: frames until the first valid capture and the time from the first frame, with a
 * pool warmed when the camera screen opens; and the cold start (first frame to capture with a pool
 * that has started nothing yet). tesseract.js beside the native tesseract CLI on the same sequences.
 * OCR_BENCH_SEQUENCES overrides the count (default 8: six cards, two passports/permits).
 */
import type { BenchResult } from '../../../bench/types.ts';
import { median, percentile, round } from '../../../bench/types.ts';
import { OcrCapture } from '../capture/ocr-capture.ts';
import { NativeTesseractRecognizer } from '../engine/native-cli.ts';
import { OcrPool } from '../pool.ts';
import { CONDITIONS } from '../testing/conditions.ts';
import { cardSequence, mrzSequence } from '../testing/frame-sequence.ts';
import { seededRandom } from '../testing/random.ts';
import { syntheticMrzPerson, td1Lines, td3Lines } from '../testing/synthetic-mrz.ts';
import type { CardType } from '../types.ts';

const FRAME_INTERVAL_MS = 100;
const FRAMES = 40;
const TYPES: CardType[] = [
  'resident',
  'foreign-2023',
  'resident',
  'hmt-residence',
  'foreign-2017',
  'resident',
];

interface Played {
  captured: boolean;
  frames: number;
  ms: number;
  wrong: boolean;
}

/** Plays frames at the camera's pace until a capture or the end (plus time for the last read). */
async function play(pool: OcrPool, frames: Buffer[], expected: (n: string) => boolean): Promise<Played> {
  const capture = new OcrCapture(pool, { looking: 'any', readName: false, timeoutMs: 30_000 });
  let i = 0;
  const timer = setInterval(() => {
    if (i < frames.length) capture.offer(frames[i++]!);
  }, FRAME_INTERVAL_MS);
  capture.offer(frames[i++]!);
  try {
    const r = await capture.result;
    const number = r.reading.kind === 'id-card' ? r.reading.number : r.reading.documentNumber;
    return { captured: true, frames: r.frameIndex + 1, ms: r.elapsedMs, wrong: !expected(number) };
  } catch {
    return { captured: false, frames: frames.length, ms: Number.NaN, wrong: false };
  } finally {
    clearInterval(timer);
    capture.cancel();
  }
}

function summary(runs: Played[], cold: Played | undefined): Record<string, number> {
  const ok = runs.filter((r) => r.captured);
  return {
    sequences: runs.length,
    captured_share: round(ok.length / Math.max(1, runs.length), 4),
    wrong_captures: runs.filter((r) => r.wrong).length,
    median_frames_to_capture: ok.length ? median(ok.map((r) => r.frames)) : 0,
    p90_frames_to_capture: ok.length
      ? percentile(
          ok.map((r) => r.frames),
          90,
        )
      : 0,
    median_ms_to_capture: ok.length ? round(median(ok.map((r) => r.ms)), 0) : 0,
    p90_ms_to_capture: ok.length
      ? round(
          percentile(
            ok.map((r) => r.ms),
            90,
          ),
          0,
        )
      : 0,
    ...(cold ? { cold_start_ms_to_capture: round(cold.ms, 0), cold_start_frames: cold.frames } : {}),
  };
}

export async function bench(): Promise<BenchResult> {
  const count = Number(process.env.OCR_BENCH_SEQUENCES ?? 8);
  const sequences: Array<{ frames: Buffer[]; expected: (n: string) => boolean }> = [];
  for (let i = 0; i < count; i++) {
    const seed = 50_000 + i;
    const condition = CONDITIONS[i % CONDITIONS.length]!;
    if (i % 4 === 3) {
      const p = syntheticMrzPerson(seededRandom(seed));
      const lines = i % 8 === 3 ? td3Lines(p) : td1Lines({ ...p, documentCode: 'CS' });
      sequences.push({
        frames: await mrzSequence({ seed, frames: FRAMES, lines, condition }),
        expected: (n) => n === p.documentNumber,
      });
    } else {
      const { frames, person } = await cardSequence({
        seed,
        frames: FRAMES,
        condition,
        card: { cardType: TYPES[i % TYPES.length]! },
      });
      sequences.push({ frames, expected: (n) => n === person.number });
    }
  }
  const results: Record<string, number>[] = [];
  const mb = (bytes: number) => round(bytes / 2 ** 20, 0);
  for (const create of [undefined, () => new NativeTesseractRecognizer()]) {
    const opts = create ? { createRecognizer: create } : {};
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    // Cold: nothing started until the first frame reaches OCR.
    const lazy = new OcrPool(opts);
    const cold = await play(lazy, sequences[0]!.frames, sequences[0]!.expected);
    await lazy.close();
    const pool = await OcrPool.start(opts);
    const runs: Played[] = [];
    // The process's resident memory (tesseract.js workers are threads of it) while capturing.
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 100);
    try {
      for (const s of sequences) runs.push(await play(pool, s.frames, s.expected));
    } finally {
      clearInterval(sampler);
      await pool.close();
    }
    globalThis.gc?.();
    results.push({
      ...summary(runs, cold),
      rss_mb_before_pool: mb(rssBefore),
      rss_mb_peak_capturing: mb(peak),
      rss_mb_after_close: mb(process.memoryUsage().rss),
    });
  }
  const [m, a] = results as [Record<string, number>, Record<string, number>];
  const ratio: Record<string, number> = {};
  for (const k of ['median_frames_to_capture', 'median_ms_to_capture', 'cold_start_ms_to_capture']) {
    if (a[k]) ratio[k] = round(m[k]! / a[k]!, 3);
  }
  return {
    name: 'ocr-camera',
    metrics: m,
    anchor: a,
    ratio,
    notes:
      `${count} sequences of ${FRAMES} frames at ${1000 / FRAME_INTERVAL_MS} fps (1280×800 JPEG): ` +
      'six approach frames (sliding in, up to 14° rotated, 1.5–7.5 px blur), then the document held ' +
      'still under one of the twelve conditions; frames arriving while OCR is busy are dropped, ' +
      'blurred/dark/washed-out ones skipped by the pre-check. Frames counted from the first offered. ' +
      'Warm = OcrPool.start() when the camera screen opens; cold = a lazy pool meeting its first frame. ' +
      'rss_* = resident memory of the benchmark process (its frames included; the native anchor runs ' +
      'tesseract in child processes, outside this figure).',
  };
}
