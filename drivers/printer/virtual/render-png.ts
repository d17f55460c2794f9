import QRCode from 'qrcode';
import { encodeGb18030 } from '../escpos/chinese-text.ts';
import { CANVAS_FONT_FAMILY, loadCanvas } from '../raster/glyph-rasterizer.ts';
import type { DecodedRaster } from '../types.ts';
import type { PrintedBlock } from './escpos-decoder.ts';

/** Dots of the picture: Font A cell 12×24, one line advance 30 dots, QR modules 6 dots. */
const CELL_W = 12;
const CELL_H = 24;
const LINE_ADVANCE = 30;
const QR_MODULE = 6;
const MARGIN = 16;

type Ctx = ReturnType<ReturnType<Awaited<ReturnType<typeof loadCanvas>>['createCanvas']>['getContext']>;

/**
 * Draws what a thermal printer would put on paper for these blocks: text in the CJK font at
 * Font A cell sizes (hanzi two cells), QR symbols from their payload, raster images dot for dot,
 * cuts as dashed lines. Barcodes are drawn as a labelled placeholder.
 */
export async function renderJobPng(blocks: PrintedBlock[], widthDots = 576): Promise<Buffer> {
  const { createCanvas } = await loadCanvas();
  const height = MARGIN * 2 + blocks.reduce((h, b) => h + blockHeight(b), 0);
  const canvas = createCanvas(widthDots + MARGIN * 2, Math.max(height, 64));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  let y = MARGIN;
  for (const block of blocks) {
    drawBlock(ctx, block, y, widthDots);
    y += blockHeight(block);
  }
  return canvas.toBuffer('image/png');
}

function blockHeight(block: PrintedBlock): number {
  switch (block.kind) {
    case 'line':
      return LINE_ADVANCE + CELL_H * (block.scale.h - 1);
    case 'qr':
      return QRCode.create(block.payload, { errorCorrectionLevel: 'M' }).modules.size * QR_MODULE + 12;
    case 'barcode':
      return 90;
    case 'raster':
      return block.raster.heightDots;
    case 'cut':
      return 24;
  }
}

function xFor(align: 'left' | 'center' | 'right', contentWidth: number, widthDots: number): number {
  const free = Math.max(0, widthDots - contentWidth);
  return MARGIN + (align === 'center' ? Math.floor(free / 2) : align === 'right' ? free : 0);
}

function drawBlock(ctx: Ctx, block: PrintedBlock, y: number, widthDots: number): void {
  switch (block.kind) {
    case 'line': {
      const { line } = block;
      const wide = block.scale.w;
      const tall = block.scale.h;
      const cells = [...line.text].map((ch) => (encodeGb18030(ch).length >= 2 ? 2 : 1));
      const total = cells.reduce((a, b) => a + b, 0) * CELL_W * wide;
      let x = xFor(line.align, total, widthDots);
      ctx.font = `${line.bold ? 'bold ' : ''}${CELL_H - 2}px ${CANVAS_FONT_FAMILY}`;
      ctx.textBaseline = 'top';
      [...line.text].forEach((ch, i) => {
        const cellW = cells[i]! * CELL_W * wide;
        ctx.setTransform(wide, 0, 0, tall, x, y);
        ctx.fillText(ch, 0, 1);
        if (line.bold) ctx.fillText(ch, 0.6, 1);
        x += cellW;
      });
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      return;
    }
    case 'qr': {
      const modules = QRCode.create(block.payload, { errorCorrectionLevel: 'M' }).modules;
      const x0 = xFor(block.align, modules.size * QR_MODULE, widthDots);
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
      const x0 = xFor(block.align, bars.length * 11, widthDots);
      bars.forEach((byte, i) => {
        for (let bit = 0; bit < 8; bit++) {
          if ((byte >> bit) & 1) ctx.fillRect(x0 + i * 11 + bit, y + 4, 1, 60);
        }
      });
      ctx.font = `20px ${CANVAS_FONT_FAMILY}`;
      ctx.textBaseline = 'top';
      ctx.fillText(block.payload, x0, y + 66);
      return;
    }
    case 'raster':
      drawRaster(ctx, block.raster, xFor(block.align, block.raster.widthDots, widthDots), y);
      return;
    case 'cut':
      for (let x = MARGIN; x < MARGIN + widthDots; x += 16) ctx.fillRect(x, y + 11, 8, 2);
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
