/**
 * The ID card pipeline: find the number line (the lowest long run of like glyphs on the front), read
 * it with a 0-9X whitelist as a single line (the 2017 foreign card's letters and digits with its own),
 * validate, and read the name from the name field the card type's layout puts relative to the number.
 */
import type { Recognizer, Script } from '../engine/recognizer.ts';
import { cropStrip, grayToPng } from '../image/crop.ts';
import { analyseLayout } from '../image/layout.ts';
import { type DecodedFrame, decodeFrame, type FrameInput } from '../image/raster.ts';
import { type GlyphGroup, groupAngle, regroupAt, type TextLine } from '../image/text-lines.ts';
import type { IdCardOcrResult, IdCardReading } from '../types.ts';
import { CARD_LAYOUTS, cardTypeOfNumber } from './card-layouts.ts';
import { extractForeign2017Number, extractIdNumber, type NumberCandidate } from './extract.ts';
import { readName } from './read-name.ts';
import type { IdNumberProblem } from './validate.ts';

const MAX_CANDIDATES = 3;

export interface ReadCardOptions {
  /** Also read the name (needs the chi_sim model); default true. */
  readName?: boolean;
}

/** Long runs of glyphs of one height, bottom first: where the number line can be. */
export function numberLineCandidates(lines: TextLine[]): GlyphGroup[] {
  return lines
    .flatMap((l) => l.groups)
    .filter((g) => g.glyphs.length >= 10 && (g.x1 - g.x0) / Math.max(1, g.height) >= 7)
    .sort((a, b) => b.y1 - a.y1)
    .slice(0, MAX_CANDIDATES);
}

function notFound(): IdCardOcrResult {
  return {
    kind: 'not-found',
    looking: 'id-number',
    reason: 'no ID number found: hold the front of the card (the side with the name) flat and fully in view',
  };
}

interface Located {
  reading: IdCardReading;
  group: GlyphGroup;
  theta: number;
}

/**
 * Crops of one line, tried in order until one reading is trusted. Grey crops at different scales and
 * margins misread in different places, so a second one can confirm or refute the first; a binarised
 * crop comes last (on noisy frames Otsu breaks strokes more often than it helps).
 */
const VARIANTS = [
  { binarize: false, textHeight: 36, pad: 0.5 },
  { binarize: false, textHeight: 28, pad: 0.3 },
  { binarize: false, textHeight: 48, pad: 0.8 },
  { binarize: true, textHeight: 36, pad: 0.5 },
] as const;
/** Below this mean confidence a number that passes its checks still needs a second reading to agree. */
const CONFIDENT = 60;

type Scored = NumberCandidate & { confidence: number };

/**
 * Reads one candidate line. A number is valid when it passes GB 11643 and either was read whole with
 * good confidence or two readings of differently prepared crops agree on it.
 */
async function readNumberLine(
  canvas: Parameters<typeof cropStrip>[0],
  group: GlyphGroup,
  theta: number,
  recognizer: Recognizer,
  script: Extract<Script, 'digits' | 'alnum'> = 'digits',
): Promise<IdCardReading | undefined> {
  const readings: Scored[] = [];
  const extract = script === 'digits' ? extractIdNumber : extractForeign2017Number;
  for (const variant of VARIANTS) {
    const strip = cropStrip(canvas, group, { theta, sourceTextHeight: group.height, ...variant });
    const { text, confidence } = await recognizer.read({
      png: await grayToPng(strip),
      script,
      layout: 'line',
    });
    const picked = extract(text);
    // Well short of 18 digits on a short line: letters were read as nothing (a 2017 foreign card?).
    if (!picked && script === 'digits' && group.glyphs.length <= 16) return undefined;
    if (!picked) continue;
    const passes = picked.problems.length === 0;
    // Two readings that both cut the number out of a longer line may share one misreading.
    const agreed = readings.some((r) => r.number === picked.number && (r.exact || picked.exact));
    readings.push({ ...picked, confidence });
    if (passes && ((picked.exact && confidence >= CONFIDENT) || agreed)) {
      return reading(picked.number, [], confidence);
    }
  }
  if (readings.length === 0) return undefined;
  const best = readings.reduce((a, b) => (b.confidence > a.confidence ? b : a));
  return reading(best.number, best.problems.length > 0 ? best.problems : ['unconfirmed'], best.confidence);
}

function reading(number: string, problems: IdNumberProblem[], confidence: number): IdCardReading {
  return {
    kind: 'id-card',
    cardType: cardTypeOfNumber(number),
    number,
    numberValid: problems.length === 0,
    confidence: Math.round(confidence),
    problems,
    name: null,
    nameWithheld: 'not-requested',
  };
}

export async function readIdCard(
  image: FrameInput | DecodedFrame,
  recognizer: Recognizer,
  opts: ReadCardOptions = {},
): Promise<IdCardOcrResult> {
  const frame = 'gray' in image ? image : await decodeFrame(image);
  const layout = analyseLayout(frame.gray);
  const candidates = numberLineCandidates(layout.lines);
  let fallback: Located | undefined;
  let found: Located | undefined;
  for (const candidate of candidates) {
    const theta = groupAngle(candidate, layout.theta);
    const group = regroupAt(candidate, theta);
    // A short line that does not read as 18 characters may be the 2017 card's 3 letters + 12 digits.
    const outcome =
      (await readNumberLine(frame.canvas, group, theta, recognizer)) ??
      (group.glyphs.length <= 17
        ? await readNumberLine(frame.canvas, group, theta, recognizer, 'alnum')
        : undefined);
    if (!outcome) continue;
    const here = { reading: outcome, group, theta };
    if (outcome.numberValid) {
      found = here;
      break;
    }
    if (!fallback || outcome.confidence > fallback.reading.confidence) fallback = here;
    // A well-formed number: this is the number line, its number just is not valid.
    if (!outcome.problems.includes('format')) break;
  }
  const result = found ?? fallback;
  if (!result) return notFound();
  if (opts.readName !== false) {
    const boxes = layout.lines.flatMap((l) => l.groups).flatMap((g) => g.glyphs.map((x) => x.box));
    const cardLayout = CARD_LAYOUTS[result.reading.cardType];
    const outcome = await readName(frame, boxes, result.group, result.theta, cardLayout, recognizer);
    result.reading.name = outcome.name;
    if (outcome.name === null) result.reading.nameWithheld = outcome.reason;
    else delete result.reading.nameWithheld;
    if (outcome.confidence !== undefined) result.reading.nameConfidence = outcome.confidence;
  }
  return result.reading;
}
