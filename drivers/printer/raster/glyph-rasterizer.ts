import { existsSync } from 'node:fs';
import { type Bitmap, bitmapFromRgba } from './bitmap.ts';

/**
 * The seam for printing characters the printer's resident font lacks (生僻字 such as 䶮, 堃, 𠮷):
 * a line of text in, a 1-bit image out. The default renders with @napi-rs/canvas from a CJK
 * font installed on the box (never downloaded); tests or other platforms can pass their own.
 */
export interface GlyphRasterizer {
  renderLine(text: string, opts: RenderLineOptions): Promise<Bitmap>;
  /** Which of these characters the rasterizer's font cannot draw either (they would print as a box). */
  missingGlyphs?(chars: string[]): Promise<string[]>;
}

export interface RenderLineOptions {
  /** Height of the printed line in dots (24 for normal Font A size, 48 for double height). */
  heightDots: number;
  /** The image is never wider than this (text that does not fit is scaled down). */
  maxWidthDots: number;
  bold?: boolean;
}

export class GlyphFontMissingError extends Error {
  readonly code = 'printer.glyph_font_missing';
  constructor(readonly searched: string[]) {
    super(`no CJK font found for raster text (looked in ${searched.join(', ')})`);
    this.name = 'GlyphFontMissingError';
  }
}

export const CJK_FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
];
const FAMILY = 'ShequCJK';

type CanvasModule = typeof import('@napi-rs/canvas');
let canvasModule: Promise<CanvasModule> | undefined;

/** Loads @napi-rs/canvas and registers the CJK font once; only raster lines pay for it. */
export function loadCanvas(fontPaths: string[] = CJK_FONT_CANDIDATES): Promise<CanvasModule> {
  canvasModule ??= import('@napi-rs/canvas').then((mod) => {
    const path = fontPaths.find((p) => existsSync(p));
    if (!path) throw new GlyphFontMissingError(fontPaths);
    mod.GlobalFonts.registerFromPath(path, FAMILY);
    return mod;
  });
  canvasModule.catch(() => {
    canvasModule = undefined;
  });
  return canvasModule;
}

export const CANVAS_FONT_FAMILY = FAMILY;

/** A code point no CJK font maps (plane 16 private use), so it renders as the font's missing-glyph box. */
const NOTDEF_PROBE = '\u{10FFFD}';

export class CanvasGlyphRasterizer implements GlyphRasterizer {
  private notdef: Promise<Buffer> | undefined;
  private readonly glyphKnown = new Map<string, boolean>();

  async missingGlyphs(chars: string[]): Promise<string[]> {
    const probe = { heightDots: 24, maxWidthDots: 64 };
    this.notdef ??= this.renderLine(NOTDEF_PROBE, probe).then((b) => b.bits);
    const notdef = await this.notdef;
    const missing: string[] = [];
    for (const ch of chars) {
      let known = this.glyphKnown.get(ch);
      if (known === undefined) {
        known = !(await this.renderLine(ch, probe)).bits.equals(notdef);
        this.glyphKnown.set(ch, known);
      }
      if (!known) missing.push(ch);
    }
    return missing;
  }

  async renderLine(text: string, opts: RenderLineOptions): Promise<Bitmap> {
    const { createCanvas } = await loadCanvas();
    const fontPx = Math.round(opts.heightDots * 0.92);
    const probe = createCanvas(8, 8).getContext('2d');
    probe.font = `${fontPx}px ${FAMILY}`;
    const measured = Math.ceil(probe.measureText(text).width) + (opts.bold ? 1 : 0);
    const width = Math.max(8, Math.ceil(Math.min(measured, opts.maxWidthDots) / 8) * 8);
    const canvas = createCanvas(width, opts.heightDots);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, opts.heightDots);
    ctx.fillStyle = '#000';
    ctx.font = `${fontPx}px ${FAMILY}`;
    ctx.textBaseline = 'middle';
    const scale = measured > width ? width / measured : 1;
    ctx.setTransform(scale, 0, 0, 1, 0, 0);
    ctx.fillText(text, 0, opts.heightDots / 2);
    if (opts.bold) ctx.fillText(text, 1, opts.heightDots / 2);
    const image = ctx.getImageData(0, 0, width, opts.heightDots);
    return bitmapFromRgba(image.data, width, opts.heightDots);
  }
}
