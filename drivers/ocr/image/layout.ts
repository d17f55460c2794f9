/** From a decoded frame to its skew and text lines. */
import { adaptiveInk, boxBlur3 } from './binarize.ts';
import { connectedComponents } from './components.ts';
import type { Gray } from './raster.ts';
import { estimateSkew, glyphLike, type TextLine, textLines } from './text-lines.ts';

export interface FrameLayout {
  /** Radians, clockwise; the crops rotate by its negative. */
  theta: number;
  lines: TextLine[];
  glyphCount: number;
}

export function analyseLayout(gray: Gray, gapFactor?: number): FrameLayout {
  const window = Math.max(15, Math.round(gray.width / 40) | 1);
  const ink = adaptiveInk(boxBlur3(gray), window, 14);
  const glyphs = glyphLike(connectedComponents(ink, gray.width, gray.height), gray.height);
  const theta = estimateSkew(glyphs);
  return { theta, lines: textLines(glyphs, theta, gapFactor), glyphCount: glyphs.length };
}
