/**
 * What the district's people and departments put into the shared datasets: a case's back-office
 * step (to the kiosk that accepted it), a booking made centrally (to the kiosk of the booked
 * centre, with the code central signs), and a department's batch file. Each is a change computed
 * inside the caller's transaction (a console route's, with its audit row), published once it commits.
 */
import type {
  CaseProgressEntry,
  CentralAppointment,
  DatasetDelta,
  DeltaOp,
  StreamRef,
} from '../../contract/sharing.ts';
import type { SigningKey } from '../../platform/bundle-signature.ts';
import { signCentralBooking } from '../../platform/central-booking-code.ts';
import type { SqlRunner } from '../db/sql.ts';
import { type ProgressStep, parseBatchLines } from './batch-file.ts';
import type { DatasetStore, StreamChange } from './dataset-store.ts';
import type { SharingHub } from './hub.ts';

export type { ProgressStep } from './batch-file.ts';

export const progressStream = (kioskId: string): StreamRef => ({
  dataset: 'progress',
  scope: 'kiosk',
  scopeId: kioskId,
});

/** The steps appended to their cases' entries (read under the stream's lock), one put per case. */
export function progressChange(store: DatasetStore, steps: readonly ProgressStep[]): StreamChange {
  return async (tx: SqlRunner) => {
    const entries = new Map<string, CaseProgressEntry>();
    for (const s of steps) {
      const before =
        entries.get(s.caseId) ??
        ((await store.entry(progressStream(s.kioskId), s.caseId, tx)) as CaseProgressEntry | undefined);
      entries.set(s.caseId, {
        caseId: s.caseId,
        department: s.department,
        steps: [...(before?.steps ?? []), { step: s.step, at: s.at, ...(s.note ? { note: s.note } : {}) }],
      });
    }
    return [...entries.values()].map((e): DeltaOp => ({ op: 'put', key: e.caseId, value: e }));
  };
}

/** A booking for the kiosk's stream, and the code the resident shows there. */
export function bookingChange(
  kioskId: string,
  booking: CentralAppointment,
  key: SigningKey,
): { ref: StreamRef; ops: DeltaOp[]; code: string } {
  return {
    ref: { dataset: 'appointments', scope: 'kiosk', scopeId: kioskId },
    ops: [{ op: 'put', key: booking.bookingId, value: booking }],
    code: signCentralBooking({ kioskId, ...booking }, key),
  };
}

/** Groups steps by the kiosk whose stream carries them (a department's file spans centres). */
export function byKiosk(steps: readonly ProgressStep[]): Map<string, ProgressStep[]> {
  const out = new Map<string, ProgressStep[]>();
  for (const s of steps) out.set(s.kioskId, [...(out.get(s.kioskId) ?? []), s]);
  return out;
}

// ---- Outside a console route (tests, benchmarks, scripts): the change and its publication at once. ----

export function recordProgress(
  hub: SharingHub,
  store: DatasetStore,
  step: ProgressStep,
): Promise<DatasetDelta> {
  return hub.change(progressStream(step.kioskId), progressChange(store, [step]));
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

export function importBatch(hub: SharingHub, ref: StreamRef, text: string): Promise<DatasetDelta> {
  return hub.change(ref, parseBatchLines(text));
}
