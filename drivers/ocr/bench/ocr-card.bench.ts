/**
 * OCR of ID card photos: generated cards of the four types (resident, 港澳台居民居住证, foreign permanent
 * resident 2017 and 2023) under twelve photographic conditions, in six CJK faces, with common, compound,
 * rare-character and minority names; one in twenty printed with a wrong check digit. Read by tesseract.js
 * through the pool and, as the anchor, by Debian's native tesseract CLI with the same pipeline on the
 * same images in the same run. Numbers and names are scored separately, overall and per condition,
 * card type, name kind and font. OCR_BENCH_IMAGES overrides the image count (default 96).
 */
import type { BenchResult } from '../../../bench/types.ts';
import { NativeTesseractRecognizer } from '../engine/native-cli.ts';
import { NAME_MIN_MEAN_CONFIDENCE, NAME_MIN_WORD_CONFIDENCE } from '../id-number/read-name.ts';
import { OcrPool } from '../pool.ts';
import { cardImage } from '../testing/card-image.ts';
import { CONDITIONS } from '../testing/conditions.ts';
import { registerSyntheticFonts } from '../testing/fonts.ts';
import type { NameKind } from '../testing/names.ts';
import type { CardType, IdCardOcrResult } from '../types.ts';
import { GroupedTally, ratios } from './tally.ts';

const CARD_TYPES: CardType[] = [
  'resident',
  'resident',
  'hmt-residence',
  'foreign-2023',
  'resident',
  'foreign-2017',
  'resident',
  'hmt-residence',
  'foreign-2023',
  'foreign-2017',
];
const NAME_KINDS: NameKind[] = [
  'common',
  'common',
  'rare',
  'common',
  'compound',
  'common',
  'minority',
  'rare',
];

function outcome(r: IdCardOcrResult, ms: number) {
  if (r.kind !== 'id-card') return { number: null, name: null, ms };
  return { number: r.numberValid ? r.number : null, name: r.name, ms };
}

export async function bench(): Promise<BenchResult> {
  const count = Number(process.env.OCR_BENCH_IMAGES ?? 96);
  const fonts = registerSyntheticFonts();
  const wasm = await OcrPool.start({ size: 1 });
  const native = await OcrPool.start({ size: 1, createRecognizer: () => new NativeTesseractRecognizer() });
  const ours = new GroupedTally();
  const anchor = new GroupedTally();
  const withheldReasons: Record<string, number> = {};
  try {
    for (let i = 0; i < count; i++) {
      const condition = CONDITIONS[i % CONDITIONS.length]!;
      const cardType = CARD_TYPES[Math.floor(i / CONDITIONS.length) % CARD_TYPES.length]!;
      const card = await cardImage({
        seed: 30_000 + i,
        condition,
        cardType,
        nameKind: NAME_KINDS[i % NAME_KINDS.length]!,
        wrongCheckDigit: i % 20 === 19,
        noChineseName: cardType === 'foreign-2017' && i % 3 === 0,
      });
      const printed = {
        number: card.person.number,
        valid: card.person.checkDigitValid,
        name: card.person.name,
      };
      const groups = {
        condition,
        card: cardType,
        name: card.person.nameKind,
        font: card.fonts.cjk,
      };
      for (const [pool, tally] of [
        [wasm, ours],
        [native, anchor],
      ] as const) {
        const started = performance.now();
        const r = await pool.recognizeIdCard(card.image);
        tally.add(groups, printed, outcome(r, performance.now() - started));
        if (pool === wasm && r.kind === 'id-card' && r.nameWithheld) {
          withheldReasons[r.nameWithheld] = (withheldReasons[r.nameWithheld] ?? 0) + 1;
        }
      }
    }
  } finally {
    await wasm.close();
    await native.close();
  }
  const m = ours.metrics();
  const a = anchor.metrics();
  for (const [reason, n] of Object.entries(withheldReasons)) m[`withheld_because.${reason}`] = n;
  return {
    name: 'ocr-id-card',
    metrics: m,
    anchor: a,
    ratio: ratios(m, a, ['number_exact', 'name_exact', 'median_ms_per_image', 'p95_ms_per_image']),
    notes:
      `${count} generated card photos, 1280×800 JPEG/PNG frames; conditions ${CONDITIONS.join(', ')}; ` +
      `CJK faces ${fonts.cjkFamilies.join(', ')}; number font ${fonts.numberFamilies[0]}. ` +
      'number_exact = share of validly printed numbers returned as valid and equal to the print; ' +
      'number_wrong_accepted = valid-looking numbers that differ from the print (must be 0); ' +
      'name_* = shares of cards with a printed Chinese name (a name invented for a 2017 card without one ' +
      `counts as wrong). Names need every word ≥ ${NAME_MIN_WORD_CONFIDENCE} and a mean ≥ ` +
      `${NAME_MIN_MEAN_CONFIDENCE}, a 姓名 label, and a plausible shape. Anchor = /usr/bin/tesseract ` +
      '(tesseract-ocr-chi-sim, eng) with the same pipeline, one process per strip (its time includes ' +
      'loading the model each time). Times include decoding and preprocessing.',
  };
}
