import { CHINESE_MODE_ON, codeTable, FEED_AND_PARTIAL_CUT, INIT } from './escpos/commands.ts';

/**
 * Which characters the printer's resident font can print from a 2-byte GB18030 code.
 * 'gbk': the whole GBK area (China-market printers); 'gb2312': only the GB2312 area
 * (conservative choice for printers whose font is not documented in detail).
 * Anything else (4-byte GB18030, user-defined areas) is printed as a raster image.
 */
export type FontCoverage = 'gbk' | 'gb2312';

export interface PrinterProfile {
  id: string;
  name: string;
  /** Printable width in dots (80 mm paper: 576 at 203 dpi, 512 at 180 dpi). */
  widthDots: number;
  /** Font A columns per line; a hanzi takes two. */
  columns: number;
  /** ESC t table to select before Chinese mode (0 = PC437). */
  codePage?: number;
  fontCoverage?: FontCoverage;
  /** Bytes that start every job (after which the driver enters Chinese mode with FS &). */
  initBytes?: Buffer;
  cutCommand?: Buffer;
  /** 'command' = GS ( k; 'raster' = render the symbol and send it as GS v 0 (clones without GS ( k). */
  qrMode?: 'command' | 'raster';
  /** Dot height of one Font A line, used to size raster text lines. */
  lineHeightDots?: number;
}

export type ResolvedProfile = Required<PrinterProfile>;

export const printerProfiles: Record<string, PrinterProfile> = {
  'generic-80mm-zh': {
    id: 'generic-80mm-zh',
    name: 'Generic Chinese 80 mm ESC/POS (Xprinter, Gprinter, SNBC, HPRT class)',
    widthDots: 576,
    columns: 48,
    codePage: 0,
    fontCoverage: 'gbk',
    initBytes: INIT,
    cutCommand: FEED_AND_PARTIAL_CUT,
    qrMode: 'command',
    lineHeightDots: 24,
  },
  'generic-58mm-zh': {
    id: 'generic-58mm-zh',
    name: 'Generic Chinese 58 mm ESC/POS',
    widthDots: 384,
    columns: 32,
    codePage: 0,
    fontCoverage: 'gbk',
    initBytes: INIT,
    cutCommand: FEED_AND_PARTIAL_CUT,
    qrMode: 'raster',
    lineHeightDots: 24,
  },
  'epson-tm-t88': {
    id: 'epson-tm-t88',
    name: 'Epson TM-T88 (Simplified Chinese font model), 80 mm, 180 dpi',
    widthDots: 512,
    columns: 42,
    codePage: 0,
    fontCoverage: 'gb2312',
    initBytes: INIT,
    cutCommand: FEED_AND_PARTIAL_CUT,
    qrMode: 'command',
    lineHeightDots: 24,
  },
};

export const defaultProfile = printerProfiles['generic-80mm-zh']!;

/** Fills the phase-2 fields a caller-made profile may leave out. */
export function resolveProfile(profile: PrinterProfile = defaultProfile): ResolvedProfile {
  return {
    id: profile.id,
    name: profile.name,
    widthDots: profile.widthDots,
    columns: profile.columns,
    codePage: profile.codePage ?? 0,
    fontCoverage: profile.fontCoverage ?? 'gb2312',
    initBytes: profile.initBytes ?? INIT,
    cutCommand: profile.cutCommand ?? FEED_AND_PARTIAL_CUT,
    qrMode: profile.qrMode ?? 'command',
    lineHeightDots: profile.lineHeightDots ?? 24,
  };
}

/** The bytes every job starts with: init, code table, Chinese mode. */
export function jobPrologue(profile: ResolvedProfile): Buffer {
  return Buffer.concat([profile.initBytes, codeTable(profile.codePage), CHINESE_MODE_ON]);
}
