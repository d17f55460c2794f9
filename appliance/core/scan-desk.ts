/**
 * What a code held under the kiosk's scanner is: verified here, so the screens only ever see a
 * verdict code (translated by them), never the scanned text. An appointment code checks in at once.
 */
import type { ScanView, TicketProgressView } from '../../contract/api.ts';
import { isCentralBookingCode } from '../../platform/central-booking-code.ts';
import type { CodeSigner, TicketFields } from '../codes/index.ts';
import type { CaseDesk } from './case-desk.ts';
import { ApplianceError } from './errors.ts';
import { ticketCodeOf } from './ticket-progress.ts';

export interface ScanDeskDeps {
  codes: CodeSigner;
  desk: () => CaseDesk;
  /** Checks an appointment in by its code and prints its ticket; resolves with the ticket number. */
  checkIn: (code: string) => Promise<string>;
  /** Where a scanned queue ticket stands, as its phone page shows it. */
  progress?: (fields: TicketFields) => TicketProgressView;
  /** Every verdict, first and (for appointments) final. */
  publish: (scan: ScanView) => void;
}

/** How long a receipt QR held under this kiosk's scanner lets the kiosk screen show that case. */
const SCANNED_RECEIPT_MS = 5 * 60_000;

export class ScanDesk {
  /** Cases whose signed receipt QR this kiosk's scanner verified, and when. */
  private readonly receiptsScanned = new Map<string, number>();

  constructor(private readonly deps: ScanDeskDeps) {}

  /** Whether the receipt of `caseId` was scanned here in the last few minutes (the QR is the proof). */
  scannedRecently(caseId: string, now = Date.now()): boolean {
    const at = this.receiptsScanned.get(caseId);
    return at !== undefined && now - at < SCANNED_RECEIPT_MS;
  }

  private rememberReceipt(caseId: string, at: number): void {
    for (const [id, when] of this.receiptsScanned) {
      if (at - when >= SCANNED_RECEIPT_MS) this.receiptsScanned.delete(id);
    }
    this.receiptsScanned.set(caseId, at);
  }

  private receiptScan(found: { id: string; number: string } | undefined, at: number): ScanView {
    if (!found) return { at, verdict: 'receipt-unknown' };
    this.rememberReceipt(found.id, at);
    return { at, verdict: 'receipt', receiptNo: found.number };
  }

  /** What the scanned text is; published to the screens (a receipt from the archive a moment later). */
  read(scanned: string): void {
    // A ticket's QR may hold its phone page's address with the code at the end.
    const text = ticketCodeOf(scanned);
    const verdict = this.deps.codes.verifyCode(text);
    const at = Date.now();
    let scan: ScanView;
    if (verdict.kind === 'shequ' && verdict.type === 'receipt') {
      const caseId = (verdict.fields as { caseId: string }).caseId;
      const live = this.deps.desk().cases.get(caseId);
      if (!live) {
        // A case closed on an earlier day lives in the archive: read it there, then say what was found.
        void this.deps
          .desk()
          .findCase({ id: caseId })
          .then(
            (archived) => this.deps.publish(this.receiptScan(archived, at)),
            () => this.deps.publish({ at, verdict: 'receipt-unknown' }),
          );
        return;
      }
      scan = this.receiptScan(live, at);
    } else if (verdict.kind === 'shequ' && verdict.type === 'ticket') {
      const fields = verdict.fields as TicketFields;
      const progress = this.deps.progress?.(fields);
      scan = { at, verdict: 'ticket', ticketNumber: fields.number, ...(progress ? { progress } : {}) };
    } else if (verdict.kind === 'shequ' || isCentralBookingCode(text)) {
      scan = { at, verdict: 'appointment-checking-in' };
      void this.deps.checkIn(text).then(
        (number) =>
          this.deps.publish({ at: Date.now(), verdict: 'appointment-checked-in', ticketNumber: number }),
        (err: Error) =>
          this.deps.publish({
            at: Date.now(),
            verdict: 'appointment-refused',
            reason: err instanceof ApplianceError ? err.code : 'appointment.failed',
          }),
      );
    } else {
      scan = { at, verdict: verdict.kind };
    }
    this.deps.publish(scan);
  }
}
