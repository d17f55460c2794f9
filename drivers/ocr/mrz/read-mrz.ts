/**
 * The MRZ pipeline: find the two or three long, evenly spaced lines at the foot of the page, read each
 * as one line with the MRZ alphabet whitelisted, fit the readings to an ICAO layout and verify.
 */
import type { Recognizer } from '../engine/recognizer.ts';
import { cropStrip, grayToPng } from '../image/crop.ts';
import { analyseLayout, type FrameLayout } from '../image/layout.ts';
import { type DecodedFrame, decodeFrame, type FrameInput } from '../image/raster.ts';
import { type GlyphGroup, groupAngle, regroupAt } from '../image/text-lines.ts';
import type { MrzOcrResult, MrzReading } from '../types.ts';
import { normaliseMrzLine, parseMrz } from './parse.ts';

/**
 * Height of the capitals and digits. Fillers ('<') are shorter and can be all but a few glyphs of a
 * line, so this is the tallest glyph rather than a median.
 */
function capHeight(g: GlyphGroup): number {
  return Math.max(g.height, ...g.glyphs.map((x) => x.h));
}

/** The lowest run of 2–3 long lines of like height stacked at about two line heights apart. */
export function mrzLineGroups(groups: GlyphGroup[]): GlyphGroup[] {
  const long = groups
    .filter((g) => g.glyphs.length >= 20 && (g.x1 - g.x0) / Math.max(1, capHeight(g)) >= 14)
    .sort((a, b) => a.y0 - b.y0);
  let best: GlyphGroup[] = [];
  for (let i = 0; i < long.length; i++) {
    const run = [long[i]!];
    for (let j = i + 1; j < long.length && run.length < 3; j++) {
      const prev = run.at(-1)!;
      const next = long[j]!;
      const pitch = (next.y0 + next.y1) / 2 - (prev.y0 + prev.y1) / 2;
      const h = capHeight(prev);
      const sameSize = Math.abs(capHeight(next) - h) < 0.35 * h;
      if (sameSize && pitch > 0.8 * h && pitch < 3.5 * h) run.push(next);
      else break;
    }
    // Longer runs win (a TD1's last two lines are also a run); the lowest of equal runs wins.
    if (run.length >= 2 && run.length >= best.length) best = run;
    i += run.length - 1;
  }
  return best;
}

/** Brings a line to the layout's length where the only doubt is how many fillers ended it. */
function fitLength(line: string, length: number): string {
  if (line.length > length && /<$/.test(line))
    return line.replace(/<+$/, '').padEnd(length, '<').slice(0, length);
  if (line.length < length && /<$/.test(line)) return line.padEnd(length, '<');
  return line;
}

/**
 * A line one character too long (a doubled or invented glyph) is repaired only when exactly one
 * deletion makes the whole zone valid: every check digit and the composite must then agree.
 */
function repairByDeletion(lines: string[], length: number, confidence: number): MrzReading | undefined {
  const row = lines.findIndex((l) => l.length === length + 1);
  if (row < 0 || lines.some((l, i) => i !== row && l.length !== length)) return undefined;
  const line = lines[row]!;
  const valid = new Map<string, MrzReading>();
  for (let i = 0; i < line.length; i++) {
    const candidate = lines.map((l, r) => (r === row ? line.slice(0, i) + line.slice(i + 1) : l));
    const reading = parseMrz(candidate, confidence);
    if (reading?.valid) valid.set(reading.lines.join(''), reading);
  }
  return valid.size === 1 ? [...valid.values()][0] : undefined;
}

function expectedLength(lineCount: number, measured: number[]): number {
  if (lineCount === 3) return 30;
  const mean = measured.reduce((a, b) => a + b, 0) / measured.length;
  return Math.abs(mean - 36) < Math.abs(mean - 44) ? 36 : 44;
}

async function readLines(
  frame: DecodedFrame,
  groups: GlyphGroup[],
  theta: number,
  recognizer: Recognizer,
  binarize: boolean,
) {
  const texts: string[] = [];
  const confidences: number[] = [];
  for (const g of groups) {
    const group = regroupAt(g, theta);
    const strip = cropStrip(frame.canvas, group, {
      theta,
      textHeight: 34,
      sourceTextHeight: capHeight(group),
      binarize,
      pad: 0.4,
    });
    const { text, confidence } = await recognizer.read({
      png: await grayToPng(strip),
      script: 'mrz',
      layout: 'line',
    });
    texts.push(normaliseMrzLine(text));
    confidences.push(confidence);
  }
  return { texts, confidence: confidences.reduce((a, b) => a + b, 0) / Math.max(1, confidences.length) };
}

/** Fillers make wide gaps look like word breaks; MRZ lines are kept whole with a generous gap. */
export const MRZ_GAP_FACTOR = 3;

export async function readMrz(
  image: FrameInput | DecodedFrame,
  recognizer: Recognizer,
  analysed?: FrameLayout,
): Promise<MrzOcrResult> {
  const frame = 'gray' in image ? image : await decodeFrame(image);
  const layout = analysed ?? analyseLayout(frame.gray, MRZ_GAP_FACTOR);
  const groups = mrzLineGroups(layout.lines.flatMap((l) => l.groups));
  if (groups.length < 2) {
    return {
      kind: 'not-found',
      looking: 'mrz',
      reason: 'no machine-readable zone found: hold the photo page flat with the two lines of <<< in view',
    };
  }
  const longest = groups.reduce((a, b) => (b.x1 - b.x0 > a.x1 - a.x0 ? b : a));
  const theta = groupAngle(longest, layout.theta);
  let best: MrzReading | undefined;
  for (const binarize of [false, true]) {
    const { texts, confidence } = await readLines(frame, groups, theta, recognizer, binarize);
    const length = expectedLength(
      texts.length,
      texts.map((t) => t.length),
    );
    const fitted = texts.map((t) => fitLength(t, length));
    const reading =
      parseMrz(fitted, Math.round(confidence)) ?? repairByDeletion(fitted, length, Math.round(confidence));
    if (reading?.valid) return reading;
    if (reading && (!best || reading.confidence > best.confidence)) best = reading;
  }
  if (best) return best;
  return {
    kind: 'not-found',
    looking: 'mrz',
    reason: 'the machine-readable zone could not be read cleanly: hold the page still and avoid glare',
  };
}
