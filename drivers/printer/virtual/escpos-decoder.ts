import iconv from 'iconv-lite';
import type { DecodedContent, DecodedLine, DecodedRaster } from '../types.ts';
import { nextToken, type Token } from './escpos-tokenizer.ts';

type Align = DecodedLine['align'];

/** What the printer put on paper, in order (for rendering a picture of the job). */
export type PrintedBlock =
  | { kind: 'line'; line: DecodedLine; scale: Scale }
  | { kind: 'qr'; payload: string; align: Align }
  | { kind: 'barcode'; payload: string; align: Align }
  | { kind: 'raster'; raster: DecodedRaster; align: Align }
  | { kind: 'cut' };

/** Character magnification actually in effect (GS ! allows up to 8×). */
interface Scale {
  w: number;
  h: number;
}

type LineStyle = Omit<DecodedLine, 'text'> & { scale: Scale };

interface Segment {
  chinese: boolean;
  bytes: number[];
}

/**
 * Applies ESC/POS tokens to a model of a China-market printer: Chinese (FS &) mode is on at
 * power-on and after ESC @, so 2- and 4-byte GB18030 codes decode to hanzi; after FS . bytes
 * >= 0x80 are CP437 glyphs. Produces a transcript of lines with their styles.
 */
export class EscPosDecoder {
  readonly lines: DecodedLine[] = [];
  readonly qrCodes: string[] = [];
  readonly barcodes: string[] = [];
  readonly rasters: DecodedRaster[] = [];
  readonly blocks: PrintedBlock[] = [];
  cuts = 0;

  private chinese = true;
  private bold = false;
  private align: Align = 'left';
  private ankWide = false;
  private ankTall = false;
  private kanjiWide = false;
  private kanjiTall = false;
  private sizeW = 1;
  private sizeH = 1;
  private qrStore: Buffer | undefined;
  private segments: Segment[] = [];
  private lineStyle: LineStyle | undefined;
  private lastTokenWasRaster = false;

  apply(token: Token): void {
    const wasRaster = this.lastTokenWasRaster;
    this.lastTokenWasRaster = false;
    if (token.kind === 'text') {
      this.addText(token.bytes);
      return;
    }
    if (token.kind === 'control') {
      if (token.byte === 0x0a) this.endLine(true);
      else if (token.byte === 0x09) this.addText(Buffer.from('    '));
      return;
    }
    this.applyCommand(token.name, token.params, wasRaster);
  }

  /** Ends any unterminated line (a cut or the end of the data prints it). */
  finish(): void {
    this.endLine(false);
  }

  content(): DecodedContent {
    this.finish();
    return {
      text: this.lines.map((l) => l.text).join('\n'),
      lines: [...this.lines],
      qrCodes: [...this.qrCodes],
      barcodes: [...this.barcodes],
      images: this.rasters.length,
      cuts: this.cuts,
      rasters: [...this.rasters],
    };
  }

  private applyCommand(name: string, p: Buffer, wasRaster: boolean): void {
    const n = p[0] ?? 0;
    switch (name) {
      case 'ESC @':
        this.endLine(false);
        this.reset();
        return;
      case 'ESC !':
        this.bold = (n & 0x08) !== 0;
        this.ankTall = (n & 0x10) !== 0;
        this.ankWide = (n & 0x20) !== 0;
        return;
      case 'ESC E':
      case 'ESC G':
        this.bold = (n & 1) === 1;
        return;
      case 'ESC a':
        this.align = n % 48 === 1 ? 'center' : n % 48 === 2 ? 'right' : 'left';
        return;
      case 'ESC d':
      case 'ESC J':
        this.endLine(false);
        return;
      case 'GS !':
        this.sizeW = (n >> 4) + 1;
        this.sizeH = (n & 0x0f) + 1;
        return;
      case 'FS &':
        this.chinese = true;
        return;
      case 'FS .':
        this.chinese = false;
        return;
      case 'FS !':
        this.kanjiWide = (n & 0x04) !== 0;
        this.kanjiTall = (n & 0x08) !== 0;
        return;
      case 'FS W':
        this.kanjiWide = this.kanjiTall = (n & 1) === 1;
        return;
      case 'GS V':
        this.endLine(false);
        this.cuts++;
        this.blocks.push({ kind: 'cut' });
        return;
      case 'GS ( k':
        this.applyQr(p);
        return;
      case 'GS k':
        this.applyBarcode(p);
        return;
      case 'GS v':
        this.applyRaster(p, wasRaster);
        return;
      case 'ESC *':
      case 'GS 8 L':
      case 'GS /':
        this.endLine(false);
        this.addRaster({ widthDots: 0, heightDots: 0, bits: Buffer.alloc(0) });
        return;
      default:
        return;
    }
  }

  private applyQr(p: Buffer): void {
    // cn fn [m] data: cn 0x31 = QR; fn 0x50 store, 0x51 print
    if (p[0] !== 0x31) return;
    if (p[1] === 0x50) this.qrStore = Buffer.from(p.subarray(3));
    else if (p[1] === 0x51 && this.qrStore) {
      this.endLine(false);
      this.qrCodes.push(this.qrStore.toString('utf8'));
      this.blocks.push({ kind: 'qr', payload: this.qrStore.toString('utf8'), align: this.align });
    }
  }

  private applyBarcode(p: Buffer): void {
    const m = p[0] ?? 0;
    const data = m <= 6 ? p.subarray(1, p.length - 1) : p.subarray(2);
    let text = data.toString('latin1');
    if (m === 73) text = text.replace(/\{[ABC]/g, '');
    this.endLine(false);
    this.barcodes.push(text);
    this.blocks.push({ kind: 'barcode', payload: text, align: this.align });
  }

  private applyRaster(p: Buffer, continuesPrevious: boolean): void {
    // 0 m xL xH yL yH data
    const bytesPerRow = (p[2] ?? 0) + (p[3] ?? 0) * 256;
    const rows = (p[4] ?? 0) + (p[5] ?? 0) * 256;
    const bits = Buffer.from(p.subarray(6));
    this.endLine(false);
    this.lastTokenWasRaster = true;
    const previous = this.rasters.at(-1);
    // Tall images arrive as bands of one picture; join them back.
    if (continuesPrevious && previous && previous.widthDots === bytesPerRow * 8) {
      previous.bits = Buffer.concat([previous.bits, bits]);
      previous.heightDots += rows;
      return;
    }
    this.addRaster({ widthDots: bytesPerRow * 8, heightDots: rows, bits });
  }

  private addRaster(raster: DecodedRaster): void {
    this.rasters.push(raster);
    this.blocks.push({ kind: 'raster', raster, align: this.align });
  }

  private addText(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.lineStyle ??= this.currentStyle();
    const last = this.segments.at(-1);
    if (last && last.chinese === this.chinese) last.bytes.push(...bytes);
    else this.segments.push({ chinese: this.chinese, bytes: [...bytes] });
  }

  private endLine(explicitFeed: boolean): void {
    if (this.segments.length === 0) {
      if (explicitFeed) this.pushLine('', this.currentStyle());
      return;
    }
    const text = this.segments
      .map((s) => iconv.decode(Buffer.from(s.bytes), s.chinese ? 'gb18030' : 'cp437'))
      .join('');
    this.pushLine(text, this.lineStyle ?? this.currentStyle());
    this.segments = [];
    this.lineStyle = undefined;
  }

  private pushLine(text: string, style: LineStyle): void {
    const { scale, ...rest } = style;
    const line = { text, ...rest };
    this.lines.push(line);
    this.blocks.push({ kind: 'line', line, scale });
  }

  private currentStyle(): LineStyle {
    const modeWide = this.chinese ? this.kanjiWide || this.ankWide : this.ankWide;
    const modeTall = this.chinese ? this.kanjiTall || this.ankTall : this.ankTall;
    const w = Math.max(this.sizeW, modeWide ? 2 : 1);
    const h = Math.max(this.sizeH, modeTall ? 2 : 1);
    return { bold: this.bold, doubleWidth: w > 1, doubleHeight: h > 1, align: this.align, scale: { w, h } };
  }

  private reset(): void {
    this.chinese = true;
    this.bold = false;
    this.align = 'left';
    this.ankWide = this.ankTall = this.kanjiWide = this.kanjiTall = false;
    this.sizeW = this.sizeH = 1;
  }
}

/** Decodes a complete ESC/POS byte string into its transcript. */
export function decodeEscPos(bytes: Buffer): DecodedContent {
  return decodeWithBlocks(bytes).content();
}

/** The decoder after reading all of `bytes`; its `blocks` give the print order. */
export function decodeWithBlocks(bytes: Buffer): EscPosDecoder {
  const decoder = new EscPosDecoder();
  let at = 0;
  while (at < bytes.length) {
    const result = nextToken(bytes, at);
    if (result === 'incomplete') break; // a truncated trailing command prints nothing
    decoder.apply(result.token);
    at += result.length;
  }
  decoder.finish();
  return decoder;
}
