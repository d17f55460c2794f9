/**
 * A department's batch file, as the console imports it: JSON lines (`{"key": …, "value": …}` to
 * put, `{"key": …, "delete": true}` to remove) for any dataset, or CSV with a header row for the
 * catalogue (one item a row) and for back-office steps (one step a row, naming the kiosk that
 * accepted the case). In a CSV cell a list is written `a|b|c`, a form `名称=URL`. Every problem names its line.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { BackOfficeStepKind, type CatalogueItem, type DeltaOp } from '../../contract/sharing.ts';

/** One step of the deciding department on a case, as entered at central or read from its file. */
export interface ProgressStep {
  kioskId: string;
  caseId: string;
  department: string;
  step: BackOfficeStepKind;
  at: number;
  note?: string;
}

export class BatchFileError extends Error {
  readonly code = 'share.bad-batch';
}

export type BatchFormat = 'jsonl' | 'csv';

export function parseBatchLines(text: string): DeltaOp[] {
  const ops: DeltaOp[] = [];
  for (const [i, row] of jsonLines(text)) {
    const { key, value } = row as { key?: unknown; value?: unknown; delete?: unknown };
    if (typeof key !== 'string' || key === '') throw new BatchFileError(`line ${i} has no key`);
    if ((row as { delete?: unknown }).delete === true) ops.push({ op: 'del', key });
    else if (value !== undefined) ops.push({ op: 'put', key, value });
    else throw new BatchFileError(`line ${i} has neither a value nor "delete": true`);
  }
  if (ops.length === 0) throw new BatchFileError('the batch file has no lines');
  return ops;
}

function jsonLines(text: string): Array<[number, unknown]> {
  const out: Array<[number, unknown]> = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      out.push([i + 1, JSON.parse(line)]);
    } catch (err) {
      throw new BatchFileError(`line ${i + 1} is not JSON: ${(err as Error).message}`);
    }
  }
  return out;
}

/** The CSV's rows as objects by header, each with its line number (the header is line 1). */
function csvRows(text: string, required: readonly string[]): Array<[number, Record<string, string>]> {
  let rows: Record<string, string>[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    throw new BatchFileError(err instanceof CsvError ? `CSV: ${err.message}` : (err as Error).message);
  }
  if (rows.length === 0) throw new BatchFileError('the batch file has no rows');
  const missing = required.filter((c) => !(c in rows[0]!));
  if (missing.length > 0) throw new BatchFileError(`the CSV header lacks ${missing.join(', ')}`);
  return rows.map((r, i) => [i + 2, r]);
}

const list = (cell: string | undefined) =>
  (cell ?? '')
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);

function limit(cell: string | undefined, line: number, column: string): number {
  const n = Number(cell);
  if (!Number.isInteger(n) || n < 1)
    throw new BatchFileError(`line ${line}: ${column} is not a number of days`);
  return n;
}

const CATALOGUE_COLUMNS = ['itemId', 'name', 'department', 'legalLimitDays', 'promisedLimitDays'] as const;

/** The catalogue's CSV: one item a row; `action` = `delete` removes the item. */
export function parseCatalogueCsv(text: string): DeltaOp[] {
  return csvRows(text, CATALOGUE_COLUMNS).map(([line, r]): DeltaOp => {
    if (!r.itemId) throw new BatchFileError(`line ${line} has no itemId`);
    if (r.action === 'delete') return { op: 'del', key: r.itemId };
    const item: CatalogueItem = {
      itemId: r.itemId,
      name: r.name ?? '',
      department: r.department ?? '',
      lifeEvents: list(r.lifeEvents) as CatalogueItem['lifeEvents'],
      legalLimitDays: limit(r.legalLimitDays, line, 'legalLimitDays'),
      promisedLimitDays: limit(r.promisedLimitDays, line, 'promisedLimitDays'),
      materials: list(r.materials),
      guide: r.guide ?? '',
      forms: list(r.forms).map((f) => {
        const at = f.indexOf('=');
        if (at < 1) throw new BatchFileError(`line ${line}: a form is written 名称=URL`);
        return { name: f.slice(0, at), url: f.slice(at + 1) };
      }),
      // Optional columns (catalogue revision 2): the centres' service the item is accepted under, its fee.
      ...(r.serviceId ? { serviceId: r.serviceId } : {}),
      ...(r.fee ? { fee: r.fee } : {}),
    };
    return { op: 'put', key: item.itemId, value: item };
  });
}

const STEPS = BackOfficeStepKind.anyOf.map((s) => s.const as string);

function instant(value: unknown, line: number): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  const ms =
    typeof value === 'string' ? (/^\d+$/.test(value) ? Number(value) : Date.parse(value)) : Number.NaN;
  if (!Number.isFinite(ms))
    throw new BatchFileError(`line ${line}: "at" is neither an ISO time nor epoch ms`);
  return ms;
}

function stepOf(r: Record<string, unknown>, line: number): ProgressStep {
  for (const c of ['kioskId', 'caseId', 'department', 'step'] as const)
    if (typeof r[c] !== 'string' || r[c] === '') throw new BatchFileError(`line ${line} has no ${c}`);
  if (!STEPS.includes(r.step as string))
    throw new BatchFileError(`line ${line}: step "${String(r.step)}" is not one of ${STEPS.join(', ')}`);
  const note = typeof r.note === 'string' && r.note !== '' ? r.note : undefined;
  return {
    kioskId: r.kioskId as string,
    caseId: r.caseId as string,
    department: r.department as string,
    step: r.step as ProgressStep['step'],
    at: r.at === undefined || r.at === '' ? Date.now() : instant(r.at, line),
    ...(note ? { note } : {}),
  };
}

/** A department's back-office steps: kioskId, caseId, department, step, at (ISO or epoch ms), note. */
export function parseProgressFile(format: BatchFormat, text: string): ProgressStep[] {
  const rows =
    format === 'csv' ? csvRows(text, ['kioskId', 'caseId', 'department', 'step']) : jsonLines(text);
  if (rows.length === 0) throw new BatchFileError('the batch file has no lines');
  return rows.map(([line, r]) => stepOf((r ?? {}) as Record<string, unknown>, line));
}
