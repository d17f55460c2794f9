/**
 * OCR of machine-readable zones: generated passport pages (TD3), travel permits and ID card backs
 * (TD1: 往来港澳通行证 'CS', 台湾居民来往大陆通行证 'CT', foreign ID cards 'I') and TD2 documents, under
 * the twelve photographic conditions; one in ten TD3 with a broken document-number check digit.
 * tesseract.js beside the native tesseract CLI on the same images in the same run.
 * OCR_BENCH_MRZ_IMAGES overrides the count (default 24).
 */
import type { BenchResult } from '../../../bench/types.ts';
import { median, round } from '../../../bench/types.ts';
import { NativeTesseractRecognizer } from '../engine/native-cli.ts';
import { OcrPool } from '../pool.ts';
import { CONDITIONS } from '../testing/conditions.ts';
import { registerSyntheticFonts } from '../testing/fonts.ts';
import { mrzImage } from '../testing/mrz-image.ts';
import { seededRandom } from '../testing/random.ts';
import {
  type MrzPerson,
  syntheticMrzPerson,
  td1Lines,
  td2Lines,
  td3Lines,
} from '../testing/synthetic-mrz.ts';
import type { MrzOcrResult } from '../types.ts';

interface MrzTally {
  times: number[];
  exact: number;
  validPrinted: number;
  wrongAccepted: number;
  brokenAccepted: number;
  namesExact: number;
  namesWrong: number;
  perCondition: Map<string, { n: number; exact: number }>;
}

const fresh = (): MrzTally => ({
  times: [],
  exact: 0,
  validPrinted: 0,
  wrongAccepted: 0,
  brokenAccepted: 0,
  namesExact: 0,
  namesWrong: 0,
  perCondition: new Map(),
});

function score(
  t: MrzTally,
  r: MrzOcrResult,
  printed: MrzPerson,
  valid: boolean,
  condition: string,
  family: string,
): void {
  const groups = [`condition.${condition}`, `font.${family}`].map((key) => {
    const c = t.perCondition.get(key) ?? { n: 0, exact: 0 };
    t.perCondition.set(key, c);
    return c;
  });
  if (valid) {
    t.validPrinted++;
    for (const c of groups) c.n++;
  }
  if (r.kind !== 'mrz' || !r.valid) return;
  if (!valid) {
    t.brokenAccepted++;
    return;
  }
  const same =
    r.documentNumber === printed.documentNumber &&
    r.birthDate === printed.birthDate &&
    r.expiryDate === printed.expiryDate;
  if (!same) {
    t.wrongAccepted++;
    return;
  }
  t.exact++;
  for (const c of groups) c.exact++;
  if (r.surname === printed.surname && r.givenNames === printed.givenNames) t.namesExact++;
  else t.namesWrong++;
}

function metrics(t: MrzTally): Record<string, number> {
  const out: Record<string, number> = {
    mrz_exact: round(t.exact / Math.max(1, t.validPrinted), 4),
    mrz_wrong_accepted: t.wrongAccepted,
    mrz_broken_check_accepted: t.brokenAccepted,
    mrz_name_exact_when_valid: round(t.namesExact / Math.max(1, t.exact), 4),
    mrz_name_wrong_when_valid: t.namesWrong,
    median_ms_per_image: round(median(t.times), 1),
  };
  for (const [c, v] of [...t.perCondition.entries()].sort()) {
    out[`${c}.mrz_exact`] = round(v.exact / Math.max(1, v.n), 4);
  }
  return out;
}

const DOCUMENTS = [
  { code: 'P', format: 'TD3', title: '护照 PASSPORT' },
  { code: 'CS', format: 'TD1', title: '往来港澳通行证 EXIT-ENTRY PERMIT' },
  { code: 'P', format: 'TD3', title: '护照 PASSPORT' },
  { code: 'CT', format: 'TD1', title: '台湾居民来往大陆通行证' },
  { code: 'I', format: 'TD2', title: 'IDENTITY CARD' },
  { code: 'I', format: 'TD1', title: 'IDENTITY CARD' },
] as const;

export async function bench(): Promise<BenchResult> {
  const count = Number(process.env.OCR_BENCH_MRZ_IMAGES ?? 24);
  const fonts = registerSyntheticFonts();
  const wasm = await OcrPool.start({ size: 1, languages: ['eng'] });
  const native = await OcrPool.start({
    size: 1,
    languages: ['eng'],
    createRecognizer: () => new NativeTesseractRecognizer(),
  });
  const tallies: [MrzTally, MrzTally] = [fresh(), fresh()];
  try {
    for (let i = 0; i < count; i++) {
      const condition = CONDITIONS[i % CONDITIONS.length]!;
      const doc = DOCUMENTS[Math.floor(i / 2) % DOCUMENTS.length]!;
      const base = syntheticMrzPerson(seededRandom(40_000 + i));
      const person: MrzPerson = {
        ...base,
        documentCode: doc.code,
        issuingState: doc.code === 'I' ? 'DEU' : 'CHN',
        nationality: doc.code === 'I' ? 'DEU' : 'CHN',
      };
      const broken = doc.format === 'TD3' && i % 10 === 9;
      const lines =
        doc.format === 'TD3'
          ? td3Lines(person, { breakCheck: broken })
          : doc.format === 'TD2'
            ? td2Lines(person)
            : td1Lines(person);
      const family =
        i % 2 === 0 ? 'DejaVuMono' : (fonts.numberFamilies.find((f) => f === 'OCRB') ?? 'DejaVuMono');
      const image = await mrzImage({ lines, seed: 40_000 + i, condition, title: doc.title, family });
      for (const [j, pool] of [wasm, native].entries()) {
        const started = performance.now();
        const r = await pool.recognizeMrz(image);
        tallies[j]!.times.push(performance.now() - started);
        score(tallies[j]!, r, person, !broken, condition, family);
      }
    }
  } finally {
    await wasm.close();
    await native.close();
  }
  const m = metrics(tallies[0]);
  const a = metrics(tallies[1]);
  const ratio: Record<string, number> = {};
  for (const k of ['mrz_exact', 'median_ms_per_image']) if (a[k]) ratio[k] = round(m[k]! / a[k]!, 3);
  return {
    name: 'ocr-mrz',
    metrics: m,
    anchor: a,
    ratio,
    notes:
      `${count} generated MRZ photos (TD3 passports, TD1 permits and cards, TD2), conditions ${CONDITIONS.join(', ')}; ` +
      'mrz_exact = valid readings equal to the print in number, birth and expiry; names lie outside every ' +
      'check digit and are scored among the exact readings. Half the pages are printed in DejaVu Sans Mono, ' +
      'half in OCR-B (fonts-ocr-b, the MRZ face of real documents): see font.*. Anchor = /usr/bin/tesseract ' +
      'with the same pipeline.',
  };
}
