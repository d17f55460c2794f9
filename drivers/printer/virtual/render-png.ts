import { CANVAS_FONT_FAMILY, loadCanvas } from '../raster/glyph-rasterizer.ts';
import type { DecodedRaster } from '../types.ts';
import type { PrintedBlock } from './escpos-decoder.ts';
import {
  alignedStart,
  blockHeight,
  CELL_H,
  PAPER_WIDTH_DOTS,
  placeLine,
  QR_MODULE,
  qrModules,
} from './paper-layout.ts';

/** Blank paper above the first and below the last line. */
const FEED_MARGIN = 16;
/**
 * A monospaced CJK face whose half-width glyphs are exactly half a hanzi wide, like the printer's
 * resident 12×24 / 24×24 font; the proportional face is the fallback where it is not installed.
 */
const MONO_FAMILY = 'Noto Sans Mono CJK SC';

type Canvas = ReturnType<Awaited<ReturnType<typeof loadCanvas>>['createCanvas']>;
type Ctx = ReturnType<Canvas['getContext']>;

/**
 * Draws what a thermal printer would put on paper for these blocks, `widthDots` wide (384 for
 * 58 mm paper, 576 for 80 mm): text in Font A cells (see paper-layout.ts), each glyph centred
 * in its cells; QR symbols from their payload, raster images dot for dot, cuts as dashed lines.
 * Barcodes are drawn as a labelled placeholder.
 */
export async function renderJobPng(
  blocks: PrintedBlock[],
  widthDots: number = PAPER_WIDTH_DOTS['80mm'],
): Promise<Buffer> {
  const { createCanvas, GlobalFonts } = await loadCanvas();
  const family = GlobalFonts.has(MONO_FAMILY) ? `"${MONO_FAMILY}"` : CANVAS_FONT_FAMILY;
  const height = FEED_MARGIN * 2 + blocks.reduce((h, b) => h + blockHeight(b), 0);
  const canvas = createCanvas(widthDots, Math.max(height, 64));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  let y = FEED_MARGIN;
  for (const block of blocks) {
    drawBlock(ctx, block, y, widthDots, family);
    y += blockHeight(block);
  }
  return canvas.toBuffer('image/png');
}

function drawBlock(ctx: Ctx, block: PrintedBlock, y: number, widthDots: number, family: string): void {
  switch (block.kind) {
    case 'line': {
      const { w: wide, h: tall } = block.scale;
      ctx.font = `${block.line.bold ? 'bold ' : ''}${CELL_H}px ${family}`;
      ctx.textBaseline = 'top';
      for (const placed of placeLine(block, widthDots)) {
        if (placed.x + placed.width > widthDots) break;
        const glyph = ctx.measureText(placed.ch).width * wide;
        const x = placed.x + Math.max(0, (placed.width - glyph) / 2);
        ctx.setTransform(wide, 0, 0, tall, x, y);
        ctx.fillText(placed.ch, 0, 0);
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      return;
    }
    case 'qr': {
      const modules = qrModules(block.payload);
      const x0 = alignedStart(block.align, modules.size * QR_MODULE, widthDots);
      for (let r = 0; r < modules.size; r++) {
        for (let c = 0; c < modules.size; c++) {
          if (modules.get(r, c))
            ctx.fillRect(x0 + c * QR_MODULE, y + 6 + r * QR_MODULE, QR_MODULE, QR_MODULE);
        }
      }
      return;
    }
    case 'barcode': {
      const bars = Buffer.from(block.payload, 'latin1');
      const x0 = alignedStart(block.align, bars.length * 11, widthDots);
      bars.forEach((byte, i) => {
        for (let bit = 0; bit < 8; bit++) {
          if ((byte >> bit) & 1) ctx.fillRect(x0 + i * 11 + bit, y + 4, 1, 60);
        }
      });
      ctx.font = `20px ${family}`;
      ctx.textBaseline = 'top';
      ctx.fillText(block.payload, x0, y + 66);
      return;
    }
    case 'raster':
      drawRaster(ctx, block.raster, alignedStart(block.align, block.raster.widthDots, widthDots), y);
      return;
    case 'cut':
      for (let x = 0; x < widthDots; x += 16) ctx.fillRect(x, y + 11, 8, 2);
      return;
  }
}

function drawRaster(ctx: Ctx, raster: DecodedRaster, x0: number, y0: number): void {
  const bytesPerRow = raster.widthDots / 8;
  for (let y = 0; y < raster.heightDots; y++) {
    for (let x = 0; x < raster.widthDots; x++) {
      const byte = raster.bits[y * bytesPerRow + (x >> 3)] ?? 0;
      if (byte & (0x80 >> (x & 7))) ctx.fillRect(x0 + x, y0 + y, 1, 1);
    }
  }
}
