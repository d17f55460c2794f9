/**
 * The print desk: every paper the appliance prints (queue tickets, acceptance receipts, test pages)
 * goes through here, built for the current configuration and sent to the one receipt printer.
 * A ticket is printed only after its record is durable (the callers commit first).
 */

import type { CaseItemView } from '../../contract/api.ts';
import type { ApplianceConfig } from '../../contract/config/schema.ts';
import { buildAcceptanceReceiptJob } from '../../drivers/printer/documents/acceptance-receipt.ts';
import { buildCorrectionNoticeJob } from '../../drivers/printer/documents/correction-notice.ts';
import { buildFormCopyJob } from '../../drivers/printer/documents/form-copy.ts';
import { buildMaterialsChecklistJob } from '../../drivers/printer/documents/materials-checklist.ts';
import { buildTestPageJob } from '../../drivers/printer/documents/test-page.ts';
import { buildTicketJob, type ReceiptPrinter } from '../../drivers/printer/index.ts';
import type { CaseRecord } from '../cases/records.ts';
import type { CodeSigner } from '../codes/index.ts';
import type { TicketRecord } from '../store/records.ts';
import { ticketQrText } from './ticket-progress.ts';

export interface PrintDeskDeps {
  printer: ReceiptPrinter | null;
  codes: CodeSigner;
  config: () => ApplianceConfig;
  /** How long a ticket request waits for the printer before answering `printed: false`. */
  waitMs?: number;
  onTicketPrinted?: (ticketId: string) => void;
  /** The booked slot of the appointment a ticket was issued for, if any. */
  appointmentSlot?: (ticketId: string) => string | undefined;
}

/** What a ticket says besides its record: the service's name and the queue ahead, as of issue. */
export interface TicketLine {
  serviceName: string;
  peopleAhead: number;
  estimatedWaitMin: number;
}

/** A deadline day as the printed documents date it: the end of the centre's working day. */
const endOfDay = (day: string): Date => new Date(`${day}T17:00:00+08:00`);

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

  /**
   * Prints a queue ticket with its signed QR; resolves false when it did not print within the wait.
   * `reprintedAt` marks a reprint (补打) with its time.
   */
  async ticket(
    ticket: TicketRecord,
    line: TicketLine,
    jobId = ticket.id,
    reprintedAt?: Date,
  ): Promise<boolean> {
    const printer = this.deps.printer;
    if (!printer) return false;
    const config = this.deps.config();
    const slot = this.deps.appointmentSlot?.(ticket.id);
    const job = await buildTicketJob({
      centreName: config.centre.name,
      serviceName: line.serviceName,
      number: ticket.number,
      peopleAhead: line.peopleAhead,
      estimatedWaitMin: line.estimatedWaitMin,
      issuedAt: new Date(ticket.issuedAt),
      qrPayload: ticketQrText(
        this.deps.codes.signCode({
          type: 'ticket',
          fields: { kioskId: config.kioskId, day: ticket.day, number: ticket.number, ticketId: ticket.id },
        }),
        config.centre.ticketPageUrl,
      ),
      priority: ticket.priority,
      ...(ticket.holder ? { holderMasked: ticket.holder.maskedName } : {}),
      ...(reprintedAt ? { reprintedAt } : {}),
      counterNumbers: config.counters
        .filter((c) => c.serviceIds.includes(ticket.serviceId))
        .map((c) => c.number)
        .sort((a, b) => a - b),
      validDay: ticket.day,
      ...(slot ? { appointmentSlot: slot } : {}),
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
  async receipt(c: CaseRecord, reprintedAt?: Date): Promise<boolean> {
    const printer = this.deps.printer;
    if (!printer) return false;
    const config = this.deps.config();
    const job = await buildAcceptanceReceiptJob({
      ...this.caseHeader(c),
      materialsReceived: c.materials.map((name) => ({ name })),
      acceptedAt: new Date(c.acceptedAt),
      promisedDeadline: endOfDay(c.promisedDeadline),
      promisedWorkingDays: c.promisedLimitDays,
      legalDeadline: endOfDay(c.legalDeadline),
      deadlineWorkingDays: c.legalLimitDays,
      ...(c.provisional && c.provisionalBecause?.length
        ? { provisionalHolidays: c.provisionalBecause.map((w) => `${w.year}年${w.holiday}`) }
        : {}),
      ...(reprintedAt ? { reprintedAt } : {}),
      progressQrPayload: this.progressCode(c, config),
    });
    return this.send(printer, `receipt/${c.id}/${reprintedAt?.getTime() ?? 'first'}`, job);
  }

  /** The 补正材料一次性告知单 of the case's latest 补正: everything missing, at once. */
  async correctionNotice(c: CaseRecord, reprintedAt?: Date): Promise<boolean> {
    const printer = this.deps.printer;
    const suspension = c.suspensions.at(-1);
    if (!printer || !suspension) return false;
    const config = this.deps.config();
    const job = await buildCorrectionNoticeJob({
      ...this.caseHeader(c),
      missingMaterials: suspension.missingMaterials,
      materialsReceived: c.materials,
      materialsArrivedOn: endOfDay(c.materialsArrivedDay ?? c.acceptedDay),
      noticeOn: endOfDay(suspension.fromDay),
      promisedWorkingDays: c.promisedLimitDays,
      ...(reprintedAt ? { reprintedAt } : {}),
      progressQrPayload: this.progressCode(c, config),
    });
    return this.send(printer, `notice/${c.id}/${suspension.at}/${reprintedAt?.getTime() ?? 'first'}`, job);
  }

  /** The 材料清单 of a case item as the guide shows it (central's materials once its catalogue arrived). */
  async materialsChecklist(serviceName: string, item: CaseItemView): Promise<boolean> {
    const printer = this.deps.printer;
    if (!printer) return false;
    const job = await buildMaterialsChecklistJob({
      centreName: this.deps.config().centre.name,
      serviceName: `${serviceName}·${item.name}`,
      materials: item.materials.map((name) => ({ name })),
      notes: [
        ...(item.department ? [`受理部门：${item.department}`] : []),
        `承诺${item.promisedLimitDays}个工作日办结（法定${item.legalLimitDays}个工作日）`,
      ],
      printedAt: new Date(),
    });
    return this.send(printer, `checklist/${item.id}/${Date.now()}`, job);
  }

  /** A paper copy of one of the item's forms (表格), from the catalogue: its blanks and a QR to download it. */
  async formCopy(item: CaseItemView, form: NonNullable<CaseItemView['forms']>[number]): Promise<boolean> {
    const printer = this.deps.printer;
    if (!printer) return false;
    const job = await buildFormCopyJob({
      centreName: this.deps.config().centre.name,
      formName: form.name,
      itemName: item.name,
      ...(item.department ? { department: item.department } : {}),
      fields: form.fields ?? [],
      downloadUrl: form.url,
      printedAt: new Date(),
    });
    return this.send(printer, `form/${item.id}/${Date.now()}`, job);
  }

  private caseHeader(c: CaseRecord) {
    const config = this.deps.config();
    const counter = c.counterId ? config.counters.find((k) => k.id === c.counterId) : undefined;
    return {
      centreName: config.centre.name,
      applicationNumber: c.number,
      serviceItem: c.itemName,
      applicantMasked: c.applicant.maskedName || c.applicant.maskedNumber,
      idNumberMasked: c.applicant.maskedNumber,
      clerk: c.clerk,
      ...(counter ? { counter: counter.name } : {}),
    };
  }

  private progressCode(c: CaseRecord, config: ApplianceConfig): string {
    return this.deps.codes.signCode({
      type: 'receipt',
      fields: { kioskId: config.kioskId, caseId: c.id, acceptedOn: c.acceptedDay },
    });
  }

  private send(printer: ReceiptPrinter, jobId: string, job: Buffer): Promise<boolean> {
    return printer.print(jobId, job).then(
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
