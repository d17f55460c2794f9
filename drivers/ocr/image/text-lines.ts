/**
 * Layout from connected components: the skew of the text (within ±16°), the text lines, and the runs
 * of glyphs inside each line separated by wide gaps ("groups": a label, a value, the number).
 */
import type { Box } from './components.ts';

export interface Glyph {
  box: Box;
  /** Centre in deskewed coordinates. */
  cx: number;
  cy: number;
  w: number;
  h: number;
}

export interface GlyphGroup {
  glyphs: Glyph[];
  /** Bounds in deskewed coordinates. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Median glyph height. */
  height: number;
}

export interface TextLine {
  cy: number;
  height: number;
  groups: GlyphGroup[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)]!;
};

/** Components the size of printed characters: not specks, not card edges, photos or frames. */
export function glyphLike(boxes: Box[], imageHeight: number): Box[] {
  const maxH = imageHeight * 0.12;
  const textHeight = median(boxes.filter((b) => b.y1 - b.y0 >= 8).map((b) => b.y1 - b.y0));
  const speck = Math.max(3, textHeight * 0.3);
  return boxes.filter((b) => {
    const w = b.x1 - b.x0;
    const h = b.y1 - b.y0;
    if (w < speck && h < speck) return false;
    return h >= 3 && h <= maxH && w <= maxH * 1.5 && w <= 12 * h && b.pixels >= 10;
  });
}

function rotatedCentre(b: Box, theta: number): { cx: number; cy: number } {
  const x = (b.x0 + b.x1) / 2;
  const y = (b.y0 + b.y1) / 2;
  return { cx: x * Math.cos(theta) + y * Math.sin(theta), cy: -x * Math.sin(theta) + y * Math.cos(theta) };
}

function alignmentScore(boxes: Box[], theta: number, bin: number): number {
  const counts = new Map<number, number>();
  for (const b of boxes) {
    const key = Math.round(rotatedCentre(b, theta).cy / bin);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let score = 0;
  for (const c of counts.values()) score += c * c;
  return score;
}

/** The angle (radians) that lines the glyph centres up best: coarse 0.25° steps, then 0.05°. */
export function estimateSkew(boxes: Box[], maxDeg = 16): number {
  if (boxes.length < 3) return 0;
  const bin = Math.max(2, median(boxes.map((b) => b.y1 - b.y0)) / 4);
  const search = (from: number, to: number, step: number): number => {
    let best = 0;
    let bestScore = -1;
    for (let deg = from; deg <= to + 1e-9; deg += step) {
      const s = alignmentScore(boxes, (deg * Math.PI) / 180, bin);
      if (s > bestScore || (s === bestScore && Math.abs(deg) < Math.abs(best))) {
        bestScore = s;
        best = deg;
      }
    }
    return best;
  };
  const coarse = search(-maxDeg, maxDeg, 0.25);
  return (search(coarse - 0.25, coarse + 0.25, 0.05) * Math.PI) / 180;
}

export function groupOf(glyphs: Glyph[]): GlyphGroup {
  return {
    glyphs,
    x0: Math.min(...glyphs.map((g) => g.cx - g.w / 2)),
    x1: Math.max(...glyphs.map((g) => g.cx + g.w / 2)),
    y0: Math.min(...glyphs.map((g) => g.cy - g.h / 2)),
    y1: Math.max(...glyphs.map((g) => g.cy + g.h / 2)),
    height: median(glyphs.map((g) => g.h)),
  };
}

/**
 * Text lines top to bottom. Glyphs join a line when their centre lies within half a line height of
 * it; inside a line, a gap wider than `gapFactor` line heights starts a new group.
 */
export function textLines(boxes: Box[], theta: number, gapFactor = 0.9): TextLine[] {
  const glyphs: Glyph[] = boxes.map((box) => {
    const { cx, cy } = rotatedCentre(box, theta);
    // Under a small rotation the axis-aligned box is a little larger than the glyph; close enough.
    return { box, cx, cy, w: box.x1 - box.x0, h: box.y1 - box.y0 };
  });
  glyphs.sort((a, b) => a.cy - b.cy);
  const rows: Glyph[][] = [];
  for (const g of glyphs) {
    // Compare with the last few rows: a short stroke or a speck must not cut a line in two.
    let home: Glyph[] | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const row of rows.slice(-3)) {
      const distance = Math.abs(g.cy - median(row.map((r) => r.cy)));
      if (distance < Math.max(median(row.map((r) => r.h)), g.h) * 0.6 && distance < bestDistance) {
        home = row;
        bestDistance = distance;
      }
    }
    if (home) home.push(g);
    else rows.push([g]);
  }
  return rows.map((row) => {
    const height = median(row.map((g) => g.h));
    row.sort((a, b) => a.cx - b.cx);
    const groups: GlyphGroup[] = [];
    let current: Glyph[] = [];
    for (const g of row) {
      const prev = current.at(-1);
      if (prev && g.cx - g.w / 2 - (prev.cx + prev.w / 2) > gapFactor * height) {
        groups.push(groupOf(current));
        current = [];
      }
      current.push(g);
    }
    if (current.length > 0) groups.push(groupOf(current));
    return { cy: median(row.map((g) => g.cy)), height, groups };
  });
}

/**
 * The angle of one group's own baseline, from a least-squares fit through its glyph centres in
 * frame coordinates: sharper than the whole-frame estimate when the group is a row of like glyphs.
 */
export function groupAngle(group: GlyphGroup, fallback: number, maxDiffDeg = 4): number {
  const pts = group.glyphs.map((g) => ({ x: (g.box.x0 + g.box.x1) / 2, y: (g.box.y0 + g.box.y1) / 2 }));
  if (pts.length < 5) return fallback;
  const mx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
  const my = pts.reduce((s, p) => s + p.y, 0) / pts.length;
  let sxx = 0;
  let sxy = 0;
  for (const p of pts) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  if (sxx === 0) return fallback;
  const angle = Math.atan(sxy / sxx);
  // Under perspective a line's own angle differs from the frame's average by a few degrees.
  return Math.abs(angle - fallback) < (maxDiffDeg * Math.PI) / 180 ? angle : fallback;
}

/** The same glyphs with bounds recomputed in coordinates deskewed by `theta`. */
export function regroupAt(group: GlyphGroup, theta: number): GlyphGroup {
  return groupOf(
    group.glyphs.map((g) => {
      const { cx, cy } = rotatedCentre(g.box, theta);
      return { ...g, cx, cy };
    }),
  );
}
