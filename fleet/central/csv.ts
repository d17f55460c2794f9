/**
 * CSV for any list the console shows: UTF-8 with a BOM (so Excel on a Chinese desktop shows the
 * characters), RFC 4180 quoting, and cells that a spreadsheet would run as a formula defused.
 */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => unknown;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv<T>(columns: ReadonlyArray<CsvColumn<T>>, rows: readonly T[]): string {
  return csvHeader(columns) + csvLines(columns, rows);
}

/** The BOM and the header line: the start of a CSV written in pieces (toCsv is both at once). */
export function csvHeader<T>(columns: ReadonlyArray<CsvColumn<T>>): string {
  return `\uFEFF${columns.map((c) => cell(c.header)).join(',')}\r\n`;
}

/** Rows as CSV lines, each ended with CRLF. */
export function csvLines<T>(columns: ReadonlyArray<CsvColumn<T>>, rows: readonly T[]): string {
  let out = '';
  for (const r of rows) out += `${columns.map((c) => cell(c.value(r))).join(',')}\r\n`;
  return out;
}
