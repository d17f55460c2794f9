/**
 * OCR benchmark: generated ID card photos (two monospace number fonts, noise, blur, JPEG, tilt within
 * ±5°, one in ten printed with a wrong check digit) read by tesseract.js through the pool, beside
 * Debian's native tesseract CLI with the same preprocessing on the same images in the same run.
 * OCR_BENCH_IMAGES overrides the image count (default 200).
 */
import type { BenchResult } from '../../../bench/types.ts';
import { median, percentile, round } from '../../../bench/types.ts';
import { NativeTesseractRecognizer } from '../engine/native-cli.ts';
import { OcrPool } from '../pool.ts';
import { cardImage } from '../testing/card-image.ts';
import { registerSyntheticFonts } from '../testing/fonts.ts';
import { mrzImage } from '../testing/mrz-image.ts';
import { seededRandom } from '../testing/synthetic-identity.ts';
import { type MrzPerson, syntheticMrzPerson, td1Lines, td3Lines } from '../testing/synthetic-mrz.ts';
import type { IdCardOcrResult, MrzOcrResult } from '../types.ts';

interface Tally {
  times: number[];
  exact: number;
  validPrinted: number;
  wrongAccepted: number;
  invalidPrintedAccepted: number;
  notFound: number;
  names: number;
}

const newTally = (): Tally => ({
  times: [],
  exact: 0,
  validPrinted: 0,
  wrongAccepted: 0,
  invalidPrintedAccepted: 0,
  notFound: 0,
  names: 0,
});

function score(
  t: Tally,
  r: IdCardOcrResult,
  printed: { number: string; name: string; valid: boolean },
): void {
  if (printed.valid) t.validPrinted++;
  if (r.kind === 'not-found') {
    t.notFound++;
    return;
  }
  if (r.name === printed.name) t.names++;
  if (!r.numberValid) return;
  if (!printed.valid) t.invalidPrintedAccepted++;
  else if (r.number === printed.number) t.exact++;
  else t.wrongAccepted++;
}

function metrics(t: Tally, count: number): Record<string, number> {
  return {
    exact_number_accuracy: round(t.exact / Math.max(1, t.validPrinted), 4),
    wrong_number_accepted: t.wrongAccepted,
    invalid_check_digit_accepted: t.invalidPrintedAccepted,
    not_found: t.notFound,
    name_accuracy: round(t.names / count, 4),
    median_ms_per_image: round(median(t.times), 1),
    p95_ms_per_image: round(percentile(t.times, 95), 1),
  };
}

interface MrzTally {
  times: number[];
  exact: number;
  validPrinted: number;
  wrongAccepted: number;
  brokenAccepted: number;
  namesWrong: number;
}

function scoreMrz(t: MrzTally, r: MrzOcrResult, printed: MrzPerson, valid: boolean): void {
  if (valid) t.validPrinted++;
  if (r.kind !== 'mrz' || !r.valid) return;
  if (!valid) {
    t.brokenAccepted++;
    return;
  }
  const same =
    r.documentNumber === printed.documentNumber &&
    r.birthDate === printed.birthDate &&
    r.expiryDate === printed.expiryDate;
  if (!same) t.wrongAccepted++;
  else t.exact++;
  if (r.surname !== printed.surname || r.givenNames !== printed.givenNames) t.namesWrong++;
}

/** Passport pages (TD3) and cards (TD1), one in ten with a broken document-number check digit. */
async function benchMrz(wasm: OcrPool, native: OcrPool, count: number): Promise<[MrzTally, MrzTally]> {
  const fresh = (): MrzTally => ({
    times: [],
    exact: 0,
    validPrinted: 0,
    wrongAccepted: 0,
    brokenAccepted: 0,
    namesWrong: 0,
  });
  const tallies: [MrzTally, MrzTally] = [fresh(), fresh()];
  for (let i = 0; i < count; i++) {
    const person = syntheticMrzPerson(seededRandom(20_000 + i));
    const broken = i % 10 === 9;
    const lines =
      i % 3 === 2 ? td1Lines({ ...person, documentCode: 'I' }) : td3Lines(person, { breakCheck: broken });
    const image = await mrzImage({ lines, seed: 20_000 + i });
    for (const [j, pool] of [wasm, native].entries()) {
      const started = performance.now();
      const r = await pool.recognizeMrz(image);
      tallies[j]!.times.push(performance.now() - started);
      scoreMrz(tallies[j]!, r, person, !(broken && i % 3 !== 2));
    }
  }
  return tallies;
}

function mrzMetrics(t: MrzTally): Record<string, number> {
  return {
    mrz_exact_accuracy: round(t.exact / Math.max(1, t.validPrinted), 4),
    mrz_wrong_accepted: t.wrongAccepted,
    mrz_broken_check_accepted: t.brokenAccepted,
    mrz_names_wrong_when_valid: t.namesWrong,
    mrz_median_ms_per_image: round(median(t.times), 1),
  };
}

export async function bench(): Promise<BenchResult> {
  const count = Number(process.env.OCR_BENCH_IMAGES ?? 200);
  const mrzCount = Number(process.env.OCR_BENCH_MRZ_IMAGES ?? 40);
  const fonts = registerSyntheticFonts();
  const wasm = await OcrPool.start({ size: 1 });
  const native = new OcrPool({ size: 1, createRecognizer: () => new NativeTesseractRecognizer() });
  const ours = newTally();
  const anchor = newTally();
  let mrz: [MrzTally, MrzTally];
  try {
    for (let i = 0; i < count; i++) {
      const card = await cardImage({ seed: 10_000 + i, wrongCheckDigit: i % 10 === 9 });
      const printed = {
        number: card.person.number,
        name: card.person.name,
        valid: card.person.checkDigitValid,
      };
      for (const [pool, tally] of [
        [wasm, ours],
        [native, anchor],
      ] as const) {
        const started = performance.now();
        const result = await pool.recognizeIdCard(card.image);
        tally.times.push(performance.now() - started);
        score(tally, result, printed);
      }
    }
    mrz = await benchMrz(wasm, native, mrzCount);
  } finally {
    await wasm.close();
    await native.close();
  }
  const m = { ...metrics(ours, count), ...mrzMetrics(mrz[0]) };
  const a = { ...metrics(anchor, count), ...mrzMetrics(mrz[1]) };
  const ratio: Record<string, number> = {};
  for (const key of [
    'exact_number_accuracy',
    'median_ms_per_image',
    'p95_ms_per_image',
    'name_accuracy',
    'mrz_exact_accuracy',
    'mrz_median_ms_per_image',
  ]) {
    if (a[key]) ratio[key] = round(m[key]! / a[key]!, 3);
  }
  return {
    name: 'ocr-id-card',
    metrics: m,
    anchor: a,
    ratio,
    notes:
      `${count} generated card photos (${count - Math.floor(count / 10)} with valid numbers), number fonts: ${fonts.numberFamilies.join(', ')}` +
      `${fonts.ocrBInstalled ? '' : ' (fonts-ocr-b not installed)'}; anchor = /usr/bin/tesseract ${'CLI'} with the same crops, ` +
      'one process per strip (its time includes loading the model each time). Times include decoding and preprocessing; ' +
      `both read the number and the name. MRZ: ${mrzCount} generated passport (TD3) and card (TD1) photos in ` +
      'DejaVu/Liberation Mono, not OCR-B, so MRZ accuracy here understates what OCR-B print would give.',
  };
}
