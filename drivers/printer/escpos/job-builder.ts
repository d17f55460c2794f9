import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { jobPrologue, type PrinterProfile, type ResolvedProfile, resolveProfile } from '../profiles.ts';
import { type Bitmap, bands } from '../raster/bitmap.ts';
import { CanvasGlyphRasterizer, type GlyphRasterizer } from '../raster/glyph-rasterizer.ts';
import { qrBitmap } from '../raster/qr-bitmap.ts';
import {
  columnsOf,
  encodeGb18030,
  leftRight,
  substitutePrintable,
  uncoveredCharacters,
  wrapColumns,
} from './chinese-text.ts';
import { characterSize, code128, feedLines, qrCode, rasterImage } from './commands.ts';

export type Align = 'left' | 'center' | 'right';

export interface TextStyle {
  bold?: boolean;
  align?: Align;
  /** Character magnification with GS ! (1–8). */
  widthMul?: number;
  heightMul?: number;
}

type Op =
  | { kind: 'line'; text: string; style: TextStyle }
  | { kind: 'qr'; payload: string; moduleDots: number; align: Align }
  | { kind: 'barcode'; payload: string; align: Align }
  | { kind: 'image'; bitmap: Bitmap; align: Align }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' };

/** A line the builder will print as an image because the printer's font lacks some of its characters. */
export interface RasterLine {
  text: string;
  /** Characters the printer's font lacks. */
  missing: string[];
  /** Of those, the ones the rasterizer's font lacks too: they print as a box, so staff should check. */
  unrenderable: string[];
}

let sharedRasterizer: GlyphRasterizer | undefined;

/**
 * Collects a document as operations, then writes ESC/POS bytes. node-thermal-printer builds the
 * buffer and does alignment, bold and line feeds; Chinese text, sizes, QR codes and cuts are raw
 * bytes (its Chinese mode, GS ! nibble order and QR length are wrong for us).
 */
export class EscPosJobBuilder {
  readonly profile: ResolvedProfile;
  readonly rasterLines: RasterLine[] = [];
  private readonly ops: Op[] = [];

  constructor(
    profile?: PrinterProfile,
    private readonly rasterizer?: GlyphRasterizer,
  ) {
    this.profile = resolveProfile(profile);
  }

  /** Columns available per line at the given width magnification. */
  columns(widthMul = 1): number {
    return Math.floor(this.profile.columns / widthMul);
  }

  /** Prints text, wrapped to the paper width (a hanzi counts two columns). */
  text(text: string, style: TextStyle = {}): this {
    const printable = substitutePrintable(text);
    for (const line of wrapColumns(printable, this.columns(style.widthMul ?? 1))) {
      this.ops.push({ kind: 'line', text: line, style });
    }
    return this;
  }

  /**
   * A two-column row, left text and right text, filling the line (hanzi count two columns).
   * A left text too long for one line wraps with its continuation lines indented by `hangingIndent`
   * columns, and the right text goes right-aligned on the line after.
   */
  row(
    left: string,
    right: string,
    style: Omit<TextStyle, 'align' | 'widthMul'> = {},
    hangingIndent = 0,
  ): this {
    const l = substitutePrintable(left);
    const r = substitutePrintable(right);
    const columns = this.columns();
    if (columnsOf(l) + columnsOf(r) + 1 <= columns) return this.text(leftRight(l, r, columns), style);
    const [first = '', ...rest] = wrapColumns(l, columns);
    const continuation = rest.length > 0 ? wrapColumns(rest.join(''), columns - hangingIndent) : [];
    for (const line of [first, ...continuation.map((c) => ' '.repeat(hangingIndent) + c)]) {
      this.ops.push({ kind: 'line', text: line, style });
    }
    return this.text(r, { ...style, align: 'right' });
  }

  /** `label` followed by `value`, with continuation lines indented under the value. */
  field(label: string, value: string, style: Omit<TextStyle, 'align' | 'widthMul'> = {}): this {
    const indent = columnsOf(label);
    const columns = this.columns();
    if (indent > columns / 2) return this.text(`${label}${value}`, style);
    const lines = wrapColumns(substitutePrintable(value), columns - indent);
    lines.forEach((line, i) => {
      this.ops.push({ kind: 'line', text: `${i === 0 ? label : ' '.repeat(indent)}${line}`, style });
    });
    return this;
  }

  qr(payload: string, opts: { moduleDots?: number; align?: Align } = {}): this {
    this.ops.push({ kind: 'qr', payload, moduleDots: opts.moduleDots ?? 6, align: opts.align ?? 'center' });
    return this;
  }

  barcode(payload: string, align: Align = 'center'): this {
    this.ops.push({ kind: 'barcode', payload, align });
    return this;
  }

  image(bitmap: Bitmap, align: Align = 'center'): this {
    this.ops.push({ kind: 'image', bitmap, align });
    return this;
  }

  rule(char = '-'): this {
    return this.text(char.repeat(Math.floor(this.profile.columns / columnsOf(char))));
  }

  feed(lines = 1): this {
    this.ops.push({ kind: 'feed', lines });
    return this;
  }

  cut(): this {
    this.ops.push({ kind: 'cut' });
    return this;
  }

  async build(): Promise<Buffer> {
    const out = new ThermalPrinter({
      type: PrinterTypes.EPSON,
      interface: 'buffer-only',
      width: this.profile.columns,
    });
    out.add(jobPrologue(this.profile));
    for (const op of this.ops) await this.writeOp(out, op);
    return Buffer.from(out.getBuffer() ?? Buffer.alloc(0));
  }

  private async writeOp(out: ThermalPrinter, op: Op): Promise<void> {
    switch (op.kind) {
      case 'line':
        return this.writeLine(out, op.text, op.style);
      case 'qr':
        setAlign(out, op.align);
        if (this.profile.qrMode === 'command') out.add(qrCode(op.payload, op.moduleDots));
        else writeBitmap(out, qrBitmap(op.payload, Math.max(2, op.moduleDots - 2)));
        out.newLine();
        return;
      case 'barcode':
        setAlign(out, op.align);
        out.add(code128(op.payload));
        out.newLine();
        return;
      case 'image':
        setAlign(out, op.align);
        writeBitmap(out, op.bitmap);
        return;
      case 'feed':
        out.add(feedLines(op.lines));
        return;
      case 'cut':
        setAlign(out, 'left');
        out.add(this.profile.cutCommand);
        return;
    }
  }

  private async writeLine(out: ThermalPrinter, text: string, style: TextStyle): Promise<void> {
    const widthMul = style.widthMul ?? 1;
    const heightMul = style.heightMul ?? 1;
    setAlign(out, style.align ?? 'left');
    const missing = uncoveredCharacters(text, this.profile.fontCoverage);
    if (missing.length > 0) {
      sharedRasterizer ??= new CanvasGlyphRasterizer();
      const rasterizer = this.rasterizer ?? sharedRasterizer;
      const unrenderable = (await rasterizer.missingGlyphs?.(missing)) ?? [];
      this.rasterLines.push({ text, missing, unrenderable });
      const bitmap = await rasterizer.renderLine(text, {
        heightDots: this.profile.lineHeightDots * heightMul,
        maxWidthDots: this.profile.widthDots,
        bold: style.bold ?? false,
      });
      writeBitmap(out, bitmap);
      return;
    }
    out.bold(style.bold ?? false);
    out.add(characterSize(widthMul, heightMul));
    out.add(encodeGb18030(text));
    out.newLine();
    out.add(characterSize(1, 1));
    if (style.bold) out.bold(false);
  }
}

function setAlign(out: ThermalPrinter, align: Align): void {
  if (align === 'center') out.alignCenter();
  else if (align === 'right') out.alignRight();
  else out.alignLeft();
}

function writeBitmap(out: ThermalPrinter, bitmap: Bitmap): void {
  for (const band of bands(bitmap)) out.add(rasterImage(band.bytesPerRow, band.heightDots, band.bits));
}
