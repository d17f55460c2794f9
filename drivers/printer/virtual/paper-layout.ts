import QRCode from 'qrcode';
import { encodeGb18030 } from '../escpos/chinese-text.ts';
import type { PrintedBlock } from './escpos-decoder.ts';

/**
 * Where a China-market thermal printer puts each character: Font A cells of 12×24 dots, a
 * half-width (single-byte) character takes one cell, a hanzi or any other double-byte code two,
 * each multiplied by the GS ! / ESC ! width. The PNG renderer and the column transcript both
 * place characters with this, so what the picture shows is what the text layout says.
 */
export const CELL_W = 12;
export const CELL_H = 24;
export const LINE_ADVANCE = 30;
export const QR_MODULE = 6;

/** Printable width of the common paper rolls at 203 dpi. */
export const PAPER_WIDTH_DOTS = { '58mm': 384, '80mm': 576 } as const;
export type PaperWidth = keyof typeof PAPER_WIDTH_DOTS;

/** "58", "58mm", "80mm" or a dot count (multiple of 8, 128..832) → dots; undefined when it is none of those. */
export function parsePaperWidth(value: string): number | undefined {
  const mm = /^(58|80)(mm)?$/i.exec(value.trim());
  if (mm) return PAPER_WIDTH_DOTS[`${mm[1] as '58' | '80'}mm`];
  if (!/^\d+$/.test(value.trim())) return undefined;
  const dots = Number(value);
  return dots >= 128 && dots <= 832 && dots % 8 === 0 ? dots : undefined;
}

/** Font A cells one character takes at width ×1. */
export function cellsOf(ch: string): 1 | 2 {
  return encodeGb18030(ch).length >= 2 ? 2 : 1;
}

export interface PlacedChar {
  ch: string;
  /** Left edge in dots from the printable area's left edge. */
  x: number;
  /** Width of its cells in dots (already multiplied). */
  width: number;
}

export function alignedStart(
  align: 'left' | 'center' | 'right',
  contentWidth: number,
  widthDots: number,
): number {
  const free = Math.max(0, widthDots - contentWidth);
  return align === 'center' ? Math.floor(free / CELL_W / 2) * CELL_W : align === 'right' ? free : 0;
}

/** Each character of a printed line with its place; text past the paper edge is dropped as a printer would wrap it. */
export function placeLine(block: Extract<PrintedBlock, { kind: 'line' }>, widthDots: number): PlacedChar[] {
  const chars = [...block.line.text];
  const widths = chars.map((ch) => cellsOf(ch) * CELL_W * block.scale.w);
  const total = widths.reduce((a, b) => a + b, 0);
  let x = alignedStart(block.line.align, total, widthDots);
  return chars.map((ch, i) => {
    const placed = { ch, x, width: widths[i]! };
    x += widths[i]!;
    return placed;
  });
}

export function qrModules(payload: string): QRCode.BitMatrix {
  return QRCode.create(payload, { errorCorrectionLevel: 'M' }).modules;
}

export function blockHeight(block: PrintedBlock): number {
  switch (block.kind) {
    case 'line':
      return LINE_ADVANCE + CELL_H * (block.scale.h - 1);
    case 'qr':
      return qrModules(block.payload).size * QR_MODULE + 12;
    case 'barcode':
      return 90;
    case 'raster':
      return block.raster.heightDots;
    case 'cut':
      return 24;
  }
}

/**
 * The job as fixed-width text, one column per Font A cell (a hanzi is two columns, as in a
 * terminal): `widthDots / 12` columns between the bars. A character printed wider is followed by
 * spaces for its extra cells; codes, images and cuts get one bracketed line each.
 */
export function layoutText(blocks: PrintedBlock[], widthDots: number): string {
  const columns = Math.floor(widthDots / CELL_W);
  const rows: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'line': {
        let row = '';
        let col = 0;
        for (const placed of placeLine(block, widthDots)) {
          const at = placed.x / CELL_W;
          if (at + placed.width / CELL_W > columns) break;
          row += ' '.repeat(at - col) + placed.ch;
          const own = cellsOf(placed.ch);
          row += ' '.repeat(placed.width / CELL_W - own);
          col = at + placed.width / CELL_W;
        }
        rows.push(`|${row}${' '.repeat(Math.max(0, columns - col))}|`);
        break;
      }
      case 'qr': {
        const size = qrModules(block.payload).size * QR_MODULE;
        rows.push(`[QR ${size}×${size} dots] ${block.payload}`);
        break;
      }
      case 'barcode':
        rows.push(`[barcode] ${block.payload}`);
        break;
      case 'raster':
        rows.push(`[image ${block.raster.widthDots}×${block.raster.heightDots} dots]`);
        break;
      case 'cut':
        rows.push(`+${'-'.repeat(columns)}+`);
        break;
    }
  }
  return `${rows.join('\n')}\n`;
}
