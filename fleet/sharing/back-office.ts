/**
 * What the district's people and departments put into the shared datasets: a case's back-office
 * step (to the kiosk that accepted it), a booking made centrally (to the kiosk of the booked
 * centre), and a department's batch file (JSON lines) that flows down as one change.
 */
import type {
  BackOfficeStepKind,
  CaseProgressEntry,
  CentralAppointment,
  DatasetDelta,
  DeltaOp,
  StreamRef,
} from '../../contract/sharing.ts';
import type { DatasetStore } from './dataset-store.ts';
import type { SharingHub } from './hub.ts';

export async function recordProgress(
  hub: SharingHub,
  store: DatasetStore,
  step: {
    kioskId: string;
    caseId: string;
    department: string;
    step: BackOfficeStepKind;
    at: number;
    note?: string;
  },
): Promise<DatasetDelta> {
  const ref: StreamRef = { dataset: 'progress', scope: 'kiosk', scopeId: step.kioskId };
  const before = (await store.entry(ref, step.caseId)) as CaseProgressEntry | undefined;
  const entry: CaseProgressEntry = {
    caseId: step.caseId,
    department: step.department,
    steps: [
      ...(before?.steps ?? []),
      { step: step.step, at: step.at, ...(step.note ? { note: step.note } : {}) },
    ],
  };
  return hub.change(ref, [{ op: 'put', key: step.caseId, value: entry }]);
}

export function bookCentrally(
  hub: SharingHub,
  kioskId: string,
  booking: CentralAppointment,
): Promise<DatasetDelta> {
  return hub.change({ dataset: 'appointments', scope: 'kiosk', scopeId: kioskId }, [
    { op: 'put', key: booking.bookingId, value: booking },
  ]);
}

export class BatchFileError extends Error {
  readonly code = 'share.bad-batch';
}

/** A batch file: one JSON object per line, `{"key": …, "value": …}` to put or `{"key": …, "delete": true}`. */
export function parseBatchLines(text: string): DeltaOp[] {
  const ops: DeltaOp[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let row: { key?: unknown; value?: unknown; delete?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
    } catch (err) {
      throw new BatchFileError(`line ${i + 1} is not JSON: ${(err as Error).message}`);
    }
    if (typeof row.key !== 'string' || row.key === '') throw new BatchFileError(`line ${i + 1} has no key`);
    if (row.delete === true) ops.push({ op: 'del', key: row.key });
    else if (row.value !== undefined) ops.push({ op: 'put', key: row.key, value: row.value });
    else throw new BatchFileError(`line ${i + 1} has neither a value nor "delete": true`);
  }
  if (ops.length === 0) throw new BatchFileError('the batch file has no lines');
  return ops;
}

export function importBatch(hub: SharingHub, ref: StreamRef, text: string): Promise<DatasetDelta> {
  return hub.change(ref, parseBatchLines(text));
}
