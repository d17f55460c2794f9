/**
 * The print desk: every paper the appliance prints (queue tickets, acceptance receipts, test pages)
 * goes through here, built for the current configuration and sent to the one receipt printer.
 * A ticket is printed only after its record is durable (the callers commit first).
 */

import type { ApplianceConfig } from '../../contract/config/schema.ts';
import { buildAcceptanceReceiptJob } from '../../drivers/printer/documents/acceptance-receipt.ts';
import { buildTestPageJob } from '../../drivers/printer/documents/test-page.ts';
import { buildTicketJob, type ReceiptPrinter } from '../../drivers/printer/index.ts';
import type { CaseRecord } from '../cases/records.ts';
import type { CodeSigner } from '../codes/index.ts';
import type { TicketRecord } from '../store/records.ts';

export interface PrintDeskDeps {
  printer: ReceiptPrinter | null;
  codes: CodeSigner;
  config: () => ApplianceConfig;
  /** How long a ticket request waits for the printer before answering `printed: false`. */
  waitMs?: number;
  onTicketPrinted?: (ticketId: string) => void;
}

/** What a ticket says besides its record: the service's name and the queue ahead, as of issue. */
export interface TicketLine {
  serviceName: string;
  peopleAhead: number;
  estimatedWaitMin: number;
}

export class NoPrinterError extends Error {
  constructor() {
    super('no printer configured');
    this.name = 'NoPrinterError';
  }
}

export class PrintDesk {
  constructor(private readonly deps: PrintDeskDeps) {}

  get hasPrinter(): boolean {
    return this.deps.printer !== null;
  }

  /** Prints a queue ticket with its signed QR; resolves false when it did not print within the wait. */
  async ticket(ticket: TicketRecord, line: TicketLine, jobId = ticket.id): Promise<boolean> {
    const printer = this.deps.printer;
    if (!printer) return false;
    const config = this.deps.config();
    const job = await buildTicketJob({
      centreName: config.centre.name,
      serviceName: line.serviceName,
      number: ticket.number,
      peopleAhead: line.peopleAhead,
      estimatedWaitMin: line.estimatedWaitMin,
      issuedAt: new Date(ticket.issuedAt),
      qrPayload: this.deps.codes.signCode({
        type: 'ticket',
        fields: { kioskId: config.kioskId, day: ticket.day, number: ticket.number, ticketId: ticket.id },
      }),
      priority: ticket.priority,
      ...(ticket.holder ? { holderMasked: ticket.holder.maskedName } : {}),
    });
    const printing = printer.print(jobId, job).then(
      () => {
        this.deps.onTicketPrinted?.(ticket.id);
        return true;
      },
      () => false,
    );
    const waitMs = this.deps.waitMs ?? 5_000;
    return Promise.race([printing, new Promise<boolean>((r) => setTimeout(() => r(false), waitMs).unref())]);
  }

  /** The acceptance receipt (受理回执), with the signed QR that opens the case's progress at the kiosk. */
  async receipt(c: CaseRecord): Promise<boolean> {
    const printer = this.deps.printer;
    if (!printer) return false;
    const config = this.deps.config();
    const counter = c.counterId ? config.counters.find((k) => k.id === c.counterId) : undefined;
    const job = await buildAcceptanceReceiptJob({
      centreName: config.centre.name,
      applicationNumber: c.number,
      serviceItem: c.itemName,
      applicantMasked: c.applicant.maskedName,
      idNumberMasked: c.applicant.maskedNumber,
      materialsReceived: c.materials.map((name) => ({ name })),
      acceptedAt: new Date(c.acceptedAt),
      legalDeadline: new Date(`${c.legalDeadline}T17:00:00+08:00`),
      deadlineWorkingDays: c.legalLimitDays,
      clerk: c.clerk,
      ...(counter ? { counter: counter.name } : {}),
      progressQrPayload: this.deps.codes.signCode({
        type: 'receipt',
        fields: { kioskId: config.kioskId, caseId: c.id, acceptedOn: c.acceptedDay },
      }),
    });
    return printer.print(`receipt/${c.id}`, job).then(
      () => true,
      () => false,
    );
  }

  /** A test page (installer, `print-test` from central); throws when there is no printer. */
  async testPage(): Promise<void> {
    if (!this.deps.printer) throw new NoPrinterError();
    await this.deps.printer.print(`test-page/${Date.now()}`, await buildTestPageJob());
  }
}
