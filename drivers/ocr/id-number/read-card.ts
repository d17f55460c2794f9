/**
 * The ID card pipeline: find the number line (the lowest long run of like glyphs on the front), read
 * it with a 0-9X whitelist as a single line, validate, and read the name relative to the number.
 */
import type { Recognizer } from '../engine/recognizer.ts';
import { cropStrip, grayToPng } from '../image/crop.ts';
import { analyseLayout } from '../image/layout.ts';
import { decodeFrame } from '../image/raster.ts';
import { type GlyphGroup, groupAngle, regroupAt, type TextLine } from '../image/text-lines.ts';
import type { IdCardOcrResult, IdCardReading } from '../types.ts';
import { extractIdNumber, type NumberCandidate } from './extract.ts';
import type { IdNumberProblem } from './validate.ts';

/** Width of the printed 18-character number in card units (10 per mm), for scaling the layout. */
const NUMBER_WIDTH_UNITS = 466;
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
): Promise<IdCardReading | undefined> {
  const readings: Scored[] = [];
  for (const variant of VARIANTS) {
    const strip = cropStrip(canvas, group, { theta, sourceTextHeight: group.height, ...variant });
    const { text, confidence } = await recognizer.read({
      png: await grayToPng(strip),
      script: 'digits',
      layout: 'line',
    });
    const picked = extractIdNumber(text);
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
    number,
    numberValid: problems.length === 0,
    confidence: Math.round(confidence),
    problems,
  };
}

export async function readIdCard(
  image: Buffer,
  recognizer: Recognizer,
  opts: ReadCardOptions = {},
): Promise<IdCardOcrResult> {
  const frame = await decodeFrame(image);
  const layout = analyseLayout(frame.gray);
  let fallback: Located | undefined;
  let found: Located | undefined;
  for (const candidate of numberLineCandidates(layout.lines)) {
    const theta = groupAngle(candidate, layout.theta);
    const group = regroupAt(candidate, theta);
    const outcome = await readNumberLine(frame.canvas, group, theta, recognizer);
    if (!outcome) continue;
    const located = { reading: outcome, group, theta };
    if (outcome.numberValid) {
      found = located;
      break;
    }
    if (!fallback || outcome.confidence > fallback.reading.confidence) fallback = located;
    // Eighteen well-formed characters: this is the number line, its number just is not valid.
    if (!outcome.problems.includes('format')) break;
  }
  const result = found ?? fallback;
  if (!result) return notFound();
  if (opts.readName !== false) {
    const name = await readName(frame.canvas, layout.lines, result.group, result.theta, recognizer);
    if (name) result.reading.name = name;
  }
  return result.reading;
}

/**
 * On the card the name sits 37 mm above the number and starts 13 mm left of it; the number's printed
 * width gives the scale. The glyphs found there are read as one line of Chinese.
 */
async function readName(
  canvas: Parameters<typeof cropStrip>[0],
  lines: TextLine[],
  numberGroup: GlyphGroup,
  theta: number,
  recognizer: Recognizer,
): Promise<string | undefined> {
  const s = (numberGroup.x1 - numberGroup.x0) / NUMBER_WIDTH_UNITS;
  const left = numberGroup.x0;
  const centre = (numberGroup.y0 + numberGroup.y1) / 2;
  const region = { x0: left - 150 * s, x1: left + 110 * s, y0: centre - 415 * s, y1: centre - 330 * s };
  const glyphs = lines
    .flatMap((l) => l.groups)
    .map((g) => regroupAt(g, theta))
    .flatMap((g) => g.glyphs)
    .filter((g) => g.cx > region.x0 && g.cx < region.x1 && g.cy > region.y0 && g.cy < region.y1);
  if (glyphs.length === 0) return undefined;
  const box = {
    x0: Math.min(...glyphs.map((g) => g.cx - g.w / 2)),
    x1: Math.max(...glyphs.map((g) => g.cx + g.w / 2)),
    y0: Math.min(...glyphs.map((g) => g.cy - g.h / 2)),
    y1: Math.max(...glyphs.map((g) => g.cy + g.h / 2)),
  };
  const height = box.y1 - box.y0;
  const strip = cropStrip(canvas, box, { theta, textHeight: 40, sourceTextHeight: height, pad: 0.4 });
  const { text } = await recognizer.read({ png: await grayToPng(strip), script: 'chinese', layout: 'line' });
  const name = Array.from(text.replace(/\s+/g, ''))
    .filter((c) => /\p{Script=Han}|·/u.test(c))
    .join('');
  const length = Array.from(name).length;
  return length >= 2 && length <= 6 ? name : undefined;
}
