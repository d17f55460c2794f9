/**
 * The name, only from the card's name field. The number line found in the frame gives position,
 * angle and scale; the card type's layout says where the name line is from there. The printed line
 * nearest that spot whose label reads 姓名 (chi_sim, label and value as separate strips) is the name's
 * line, so another line is never taken for the name; on the 2017 card, whose Chinese name line has no
 * label, only the nearest line is read. The value must be a plausible name with every word read with
 * confidence; otherwise the name is withheld with a reason.
 */
import type { RecognizedWord, Recognizer, StripText } from '../engine/recognizer.ts';
import type { Box } from '../image/components.ts';
import { cropStrip, grayToPng } from '../image/crop.ts';
import type { DecodedFrame } from '../image/raster.ts';
import { type GlyphGroup, groupAngle, groupOf, textLines } from '../image/text-lines.ts';
import type { NameWithheldReason } from '../types.ts';
import type { CardLayout } from './card-layouts.ts';

/**
 * Every word of the name must be read at least this sure, and the name as a whole on average. The
 * float chi_sim model misreads rare characters with confidences up to the low 90s; correct readings
 * mostly score 93–96 (calibrated on 60 generated cards, seeds apart from the benchmark's).
 */
export const NAME_MIN_WORD_CONFIDENCE = 93;
export const NAME_MIN_MEAN_CONFIDENCE = 94;
/** Lines tried, nearest the expected position first. */
const MAX_LINES_TRIED = 3;

export type NameOutcome =
  | { name: string; confidence: number }
  | { name: null; reason: NameWithheldReason; confidence?: number };

const HAN = /\p{Script=Han}/u;
/** What OCR makes of the middle dot between the parts of a transliterated name. */
const DOT_LOOKALIKES = /[•・.．。‧∙⋅·\-—_'‘’`]/g;

/** A name as printed on Chinese cards: 2–4 Han characters, or Han parts joined by '·' (≤ 15 characters). */
export function plausibleName(name: string): boolean {
  const length = Array.from(name).length;
  if (/^\p{Script=Han}{2,4}$/u.test(name)) return true;
  return length <= 15 && /^\p{Script=Han}{2,}(·\p{Script=Han}+)+$/u.test(name);
}

/** Deskewed coordinates (frame rotated by -theta) of a component's centre. */
function centre(b: Box, theta: number): { x: number; y: number } {
  const x = (b.x0 + b.x1) / 2;
  const y = (b.y0 + b.y1) / 2;
  return { x: x * Math.cos(theta) + y * Math.sin(theta), y: -x * Math.sin(theta) + y * Math.cos(theta) };
}

interface Candidate {
  /** The glyphs left of the value (the label), if any. */
  label?: GlyphGroup;
  value: GlyphGroup;
  distance: number;
}

/**
 * Printed lines in the name's neighbourhood, nearest the expected centre line first, each split into
 * its label and its value where the layout puts the gap between them.
 */
function candidateLines(
  boxes: Box[],
  numberGroup: GlyphGroup,
  theta: number,
  layout: CardLayout,
): Candidate[] {
  const s = (numberGroup.x1 - numberGroup.x0) / layout.number.width;
  const toX = (cardX: number) => numberGroup.x0 + (cardX - layout.number.x0) * s;
  const expectedY = (numberGroup.y0 + numberGroup.y1) / 2 + (layout.name.cy - layout.number.cy) * s;
  const pitch = layout.linePitch * s;
  const left = toX((layout.nameLabel?.x0 ?? layout.name.x0) - 20);
  const split = toX(layout.name.x0 - 25);
  const right = toX(layout.name.x1);
  // A labelled line can be told by its label, so lines further off are looked at too (perspective
  // moves the name's line away from where the number predicts it); an unlabelled one must be close.
  const reach = layout.nameLabel ? 1.6 : 0.6;
  const near = boxes.filter((b) => {
    const c = centre(b, theta);
    return c.x > left && c.x < right && Math.abs(c.y - expectedY) < pitch * (reach + 0.3);
  });
  const out: Candidate[] = [];
  for (const line of textLines(near, theta, 3)) {
    const distance = Math.abs(line.cy - expectedY);
    const glyphs = line.groups.flatMap((g) => g.glyphs);
    const value = glyphs.filter((g) => g.cx >= split);
    const label = glyphs.filter((g) => g.cx < split);
    if (distance >= pitch * reach || value.length === 0) continue;
    out.push({ value: groupOf(value), ...(label.length ? { label: groupOf(label) } : {}), distance });
  }
  return out.sort((a, b) => a.distance - b.distance);
}

/** The label as read says 姓名 (one of its two characters is enough: it is small and light blue). */
function labelReads(text: string): boolean {
  return /[姓名]/u.test(text.replace(/\s+/g, ''));
}

const EDGE_SPECKS = /^[“”"'‘’`,，、]+|[“”"'‘’`,，、]+$/gu;

/** The confidences of the words that carry the value's Han characters (specks around it left out). */
function valueConfidence(read: StripText, value: string): number[] {
  const words: RecognizedWord[] = read.words?.length
    ? read.words
    : [{ text: value, confidence: read.confidence }];
  const out = words
    .filter((w) => HAN.test(w.text) && value.includes(w.text.replace(EDGE_SPECKS, '')))
    .map((w) => w.confidence);
  return out.length ? out : [read.confidence];
}

async function readStrip(
  frame: DecodedFrame,
  group: GlyphGroup,
  theta: number,
  recognizer: Recognizer,
): Promise<StripText> {
  const angle = group.glyphs.length >= 4 ? groupAngle(group, theta, 4) : theta;
  const region = rotateGroup(group, angle);
  // A Chinese character is often several components: the line's full height is the character height.
  const strip = cropStrip(frame.canvas, region, {
    theta: angle,
    textHeight: 36,
    sourceTextHeight: Math.max(region.y1 - region.y0, 1),
    pad: 0.35,
  });
  const png = await grayToPng(strip);
  return recognizer.read({ png, script: 'chinese', layout: 'line' });
}

/** Reads the label of a labelled line: true when it says 姓名. */
async function labelledName(
  frame: DecodedFrame,
  line: Candidate,
  theta: number,
  recognizer: Recognizer,
): Promise<boolean> {
  if (!line.label) return false;
  const label = await readStrip(frame, line.label, theta, recognizer);
  return labelReads(label.text);
}

async function readValue(
  frame: DecodedFrame,
  line: Candidate,
  theta: number,
  recognizer: Recognizer,
): Promise<NameOutcome> {
  const read = await readStrip(frame, line.value, theta, recognizer);
  const compact = read.text.replace(/\s+/g, '');
  // Quote-like specks at either end are not part of the value.
  const value = compact.replace(EDGE_SPECKS, '');
  const name = value.replace(DOT_LOOKALIKES, '·');
  if (!plausibleName(name)) return { name: null, reason: 'implausible' };
  const confidences = valueConfidence(read, value);
  const min = Math.round(Math.min(...confidences));
  const mean = confidences.reduce((a, b) => a + b, 0) / confidences.length;
  if (min < NAME_MIN_WORD_CONFIDENCE || mean < NAME_MIN_MEAN_CONFIDENCE) {
    return { name: null, reason: 'low-confidence', confidence: min };
  }
  return { name, confidence: min };
}

/** The group's bounds in coordinates deskewed by `angle` instead of `theta`. */
function rotateGroup(group: GlyphGroup, angle: number): GlyphGroup {
  const pts = group.glyphs.map((g) => ({ g, c: centre(g.box, angle) }));
  return {
    ...group,
    x0: Math.min(...pts.map((p) => p.c.x - p.g.w / 2)),
    x1: Math.max(...pts.map((p) => p.c.x + p.g.w / 2)),
    y0: Math.min(...pts.map((p) => p.c.y - p.g.h / 2)),
    y1: Math.max(...pts.map((p) => p.c.y + p.g.h / 2)),
  };
}

export async function readName(
  frame: DecodedFrame,
  boxes: Box[],
  numberGroup: GlyphGroup,
  theta: number,
  layout: CardLayout,
  recognizer: Recognizer,
): Promise<NameOutcome> {
  const candidates = candidateLines(boxes, numberGroup, theta, layout);
  if (candidates.length === 0) return { name: null, reason: 'field-not-found' };
  // An unlabelled name line (the 2017 card's Chinese name) is the nearest line or nothing.
  if (!layout.nameLabel) return readValue(frame, candidates[0]!, theta, recognizer);
  // Otherwise the name is read only from the line whose label reads 姓名.
  for (const line of candidates.filter((c) => c.label).slice(0, MAX_LINES_TRIED)) {
    if (await labelledName(frame, line, theta, recognizer)) return readValue(frame, line, theta, recognizer);
  }
  return { name: null, reason: 'label-mismatch' };
}
