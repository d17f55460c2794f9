import iconv from 'iconv-lite';
import type { FontCoverage } from '../profiles.ts';

/**
 * GB18030 text for printers in Chinese (FS &) mode. In that mode every 2-byte code prints one
 * full-width cell (two Font A columns) and every ASCII byte one column, so the printed width
 * of a run is its GB18030 byte count — except 4-byte codes, which the resident fonts lack and
 * which we print as raster (two columns wide).
 */

/** Characters whose GB18030 code is 4 bytes but which have a printable 2-byte look-alike. */
const PRINTABLE_SUBSTITUTES: Record<string, string> = {
  '¥': '￥', // half-width yen/yuan sign is 4-byte; the full-width sign A3 A4 is in every font
  '•': '·',
  '✓': '√',
  '✔': '√',
  '©': '(C)',
  '®': '(R)',
  '\u00a0': ' ',
};

export function substitutePrintable(text: string): string {
  let out = '';
  for (const ch of text) out += PRINTABLE_SUBSTITUTES[ch] ?? ch;
  return out;
}

export function encodeGb18030(text: string): Buffer {
  return iconv.encode(text, 'gb18030');
}

export function decodeGb18030(bytes: Buffer): string {
  return iconv.decode(bytes, 'gb18030');
}

/** Whether the printer's resident font prints this character from its GB18030 code. */
export function isCovered(ch: string, coverage: FontCoverage): boolean {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x80) return code >= 0x20;
  const bytes = encodeGb18030(ch);
  if (bytes.length !== 2) return false;
  const lead = bytes[0]!;
  const trail = bytes[1]!;
  if (coverage === 'gb2312') return lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1 && trail <= 0xfe;
  // GBK without the user-defined areas and without FE xx (where GB18030 parks CJK Ext-A
  // characters such as 䶮; printer fonts built from GBK leave those cells empty).
  if (lead === 0xfe) return false;
  if (lead >= 0xaa && lead <= 0xaf && trail >= 0xa1) return false;
  if (lead >= 0xf8 && trail >= 0xa1) return false;
  if (lead >= 0xa1 && lead <= 0xa7 && trail <= 0xa0) return false;
  return true;
}

/** Printed width in Font A columns (a hanzi or any other full-width character counts two). */
export function columnsOf(text: string): number {
  let n = 0;
  for (const ch of text) n += (ch.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
  return n;
}

export function uncoveredCharacters(text: string, coverage: FontCoverage): string[] {
  const out: string[] = [];
  for (const ch of text) if (!isCovered(ch, coverage) && !out.includes(ch)) out.push(ch);
  return out;
}

/** Punctuation that Chinese typesetting never puts at the start of a line (避头点). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕…—’”%·,.;:?!)]}']);

/**
 * Breaks text into lines of at most `columns`, never splitting a character; keeps ASCII words
 * whole when it can, and carries the last character down rather than start a line with ，。、）.
 */
export function wrapColumns(text: string, columns: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    const tokens = paragraph.match(/[\x21-\x7e]+|[\s\S]/gu) ?? [];
    for (const token of tokens) {
      if (columnsOf(line) + columnsOf(token) <= columns) {
        line += token;
        continue;
      }
      if (token === ' ') {
        lines.push(line.trimEnd());
        line = '';
        continue;
      }
      if (columnsOf(token) > columns) {
        for (const ch of token) {
          if (columnsOf(line) + columnsOf(ch) > columns) {
            lines.push(line);
            line = '';
          }
          line += ch;
        }
        continue;
      }
      let carried = '';
      const chars = [...line];
      if (NO_LINE_START.has([...token][0] ?? '') && chars.length > 1) carried = chars.pop() ?? '';
      if (chars.join('').trim() !== '') lines.push(chars.join('').trimEnd());
      line = carried + token;
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** Pads `left` and `right` to fill exactly `columns` (hanzi counted as two). */
export function leftRight(left: string, right: string, columns: number): string {
  const gap = columns - columnsOf(left) - columnsOf(right);
  return `${left}${' '.repeat(Math.max(1, gap))}${right}`;
}
