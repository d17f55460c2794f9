/**
 * The counter's side of applications (受理): accepting a case from a served ticket and printing its
 * receipt, moving it through its states, the case board, the resident's progress lookup, ratings,
 * staff lookups of a person (audited), and the day's report.
 */
import type {
  AcceptCaseRequest,
  AcceptCaseResponse,
  BackOfficeStepView,
  CaseAction,
  CaseActionRequest,
  CaseDocument,
  CaseStepView,
  CaseSummaryView,
  CaseView,
  PersonLookupResponse,
  RatingRequest,
  TicketView,
} from '../../contract/api.ts';
import type { ApplianceConfig, CaseItemConfig } from '../../contract/config/schema.ts';
import { isValidIdNumber } from '../../drivers/idcard/index.ts';
import { dayOf } from '../../platform/centre-day.ts';
import { dayReport, monthReport } from '../cases/history-reports.ts';
import {
  type CaseRecord,
  Cases,
  caseProgress,
  type DayPerformance,
  loadHolidayCalendar,
  Ratings,
  runningStep,
  stepWorkingDays,
  type WorkingCalendar,
} from '../cases/index.ts';
import { readTypedReceipt } from '../cases/receipt-number.ts';
import type { CodeSigner } from '../codes/index.ts';
import type { AuditLog } from '../privacy/audit-log.ts';
import type { DeviceVault } from '../privacy/vault.ts';
import type { Queue } from '../queue/queue.ts';
import type { PersonRef } from '../store/person-ref.ts';
import type { TicketRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { type CatalogueLookup, noCatalogue, offeredItem } from './catalogue-overlay.ts';
import { ApplianceError } from './errors.ts';
import { personRef } from './people.ts';
import type { PrintDesk } from './print-desk.ts';

export interface CaseDeskDeps {
  store: Store;
  config: ApplianceConfig;
  queue: Queue;
  vault: DeviceVault;
  audit: AuditLog;
  codes: CodeSigner;
  print: PrintDesk;
  /** The deciding department's steps of a case, as central shared them down. */
  backOffice?: (caseId: string) => BackOfficeStepView[];
  /** The district's catalogue: its item of an ID sets a new case's name and limits, or adds the item. */
  catalogue?: () => CatalogueLookup;
  now?: () => number;
}

/** What a resident holds besides a typed receipt number. */
export interface ResidentProof {
  idTail?: string | undefined;
  /** Whether this receipt's signed QR was just scanned at the kiosk the request comes from. */
  scannedHere: (caseId: string) => boolean;
}

export class CaseDesk {
  readonly calendar: WorkingCalendar;
  readonly cases: Cases;
  readonly ratings: Ratings;
  private readonly now: () => number;

  constructor(private readonly deps: CaseDeskDeps) {
    this.now = deps.now ?? Date.now;
    const { config } = deps;
    this.calendar = loadHolidayCalendar(config.holidays);
    const timeZone = config.centre.timeZone;
    this.cases = new Cases(deps.store, {
      calendar: this.calendar,
      timeZone,
      supervision: config.supervision,
      now: this.now,
      receiptKey: deps.vault.deriveKey('receipt numbers'),
    });
    this.ratings = new Ratings(deps.store, {
      calendar: this.calendar,
      timeZone,
      now: this.now,
      poorNeedsReason: true,
    });
  }

  private today(): string {
    return dayOf(this.now(), this.deps.config.centre.timeZone);
  }

  private item(itemId: string): { item: CaseItemConfig; serviceId: string } {
    const offered = offeredItem(this.deps.config.services, this.deps.catalogue?.() ?? noCatalogue, itemId);
    if (offered) return offered;
    throw new ApplianceError('case.item-unknown', `no service item '${itemId}' at this centre`, 404);
  }

  view(c: CaseRecord): CaseView {
    const today = this.today();
    const p = caseProgress(c, this.calendar, today);
    return {
      id: c.id,
      number: c.number,
      serviceId: c.serviceId,
      itemName: c.itemName,
      state: c.state,
      level: c.level,
      worstLevel: c.worstLevel,
      applicantMasked: p.applicantMasked,
      applicantMaskedNumber: c.applicant.maskedNumber,
      acceptedDay: c.acceptedDay,
      promisedDeadline: c.promisedDeadline,
      legalDeadline: c.legalDeadline,
      provisional: p.provisional,
      provisionalBecause: p.provisionalBecause.map((w) => ({ ...w })),
      workingDaysLeft: p.workingDaysLeft,
      overdueWorkingDays: p.overdueWorkingDays,
      missingMaterials: p.missingMaterials,
      materials: c.materials,
      clerk: c.clerk,
      ...(c.materialsArrivedDay ? { materialsArrivedDay: c.materialsArrivedDay } : {}),
      ...(c.correctionAtIntake ? { correctionAtIntake: true } : {}),
      ...(c.refusal ? { refusalReason: c.refusal.reason } : {}),
      ...(c.refusal?.kind ? { refusalKind: c.refusal.kind } : {}),
      ...(c.steps ? { steps: this.stepViews(c, today) } : {}),
      ...backOfficeOf(this.deps.backOffice?.(c.id)),
      flaggedForReview: c.state === 'refused' && !c.refusal?.reviewedBy,
    };
  }

  /** The steps, the running one with the working days it has taken so far and whether it overran. */
  private stepViews(c: CaseRecord, today: string): CaseStepView[] {
    const running = runningStep(c);
    return (c.steps ?? []).map((s) => {
      if (s !== running) return { ...s };
      const workingDays = stepWorkingDays(s, c, today, this.calendar);
      return { ...s, workingDays, overLimit: workingDays > s.limitDays };
    });
  }

  list(): CaseView[] {
    return this.cases.list().map((c) => this.view(c));
  }

  async accept(req: AcceptCaseRequest, clerk: string): Promise<AcceptCaseResponse> {
    const { item } = this.item(req.itemId);
    const ticket = this.deps.store.get('ticket', req.ticketId);
    const record = await this.cases.accept({
      ticketId: req.ticketId,
      item: {
        id: item.id,
        name: item.name,
        legalLimitDays: item.legalLimitDays,
        promisedLimitDays: item.promisedLimitDays,
        ...(item.steps ? { steps: item.steps } : {}),
      },
      materials: req.materials,
      ...(req.missingMaterials ? { missingMaterials: req.missingMaterials } : {}),
      ...(req.materialsArrivedDay ? { materialsArrivedDay: req.materialsArrivedDay } : {}),
      ...(req.idNumber ? { applicant: this.typedApplicant(req.idNumber, req.applicantName) } : {}),
      clerk,
      ...(ticket?.counterId ? { counterId: ticket.counterId } : {}),
    });
    if (record.correctionAtIntake) {
      return {
        case: this.view(record),
        printed: await this.deps.print.correctionNotice(record),
        document: 'correction-notice',
      };
    }
    return { case: this.view(record), printed: await this.deps.print.receipt(record), document: 'receipt' };
  }

  /**
   * The applicant as the clerk typed their ID number (no card-ticket): refused unless the check
   * digit holds; from here on sealed and masked like a card's.
   */
  private typedApplicant(idNumber: string, name: string | undefined): PersonRef {
    const number = idNumber.toUpperCase();
    if (!isValidIdNumber(number)) {
      throw new ApplianceError('case.id-number-invalid', 'the ID number fails its check digit', 422);
    }
    return personRef(this.deps.vault, { name: name?.trim() ?? '', number });
  }

  async act(caseId: string, action: CaseAction, body: CaseActionRequest, clerk: string): Promise<CaseView> {
    const c = this.cases;
    const before = c.get(caseId);
    switch (action) {
      case 'start':
        return this.view(await c.start(caseId, clerk));
      case 'suspend': {
        const record = await c.suspend(caseId, { clerk, missingMaterials: body.missingMaterials ?? [] });
        const printed = await this.deps.print.correctionNotice(record);
        return { ...this.view(record), printed: { document: 'correction-notice', printed } };
      }
      case 'resume': {
        const record = await c.resume(caseId, { clerk, materialsReceived: body.materialsReceived ?? [] });
        // Taken in under 补正: only now, with the materials complete, is it accepted and receipted.
        if (!before?.correctionAtIntake || before.suspensions.length !== 1) return this.view(record);
        const printed = await this.deps.print.receipt(record);
        return { ...this.view(record), printed: { document: 'receipt', printed } };
      }
      case 'complete':
        return this.view(await c.complete(caseId, clerk));
      case 'advance':
        return this.view(await c.advance(caseId, clerk));
      case 'refuse':
        return this.view(
          await c.refuse(caseId, {
            clerk,
            reason: body.reason ?? '',
            ...(body.refusalKind ? { kind: body.refusalKind } : {}),
          }),
        );
    }
  }

  /** Prints a case's receipt or its latest 一次性告知单 again, marked 补打 with the time. */
  async reprint(caseId: string, document: CaseDocument): Promise<boolean> {
    const c = this.cases.get(caseId);
    if (!c) throw new ApplianceError('case.unknown', `no case '${caseId}'`, 404);
    if (!this.deps.print.hasPrinter) throw new ApplianceError('printer.none', 'no printer configured', 409);
    const at = new Date(this.now());
    if (document === 'correction-notice') {
      if (c.suspensions.length === 0) {
        throw new ApplianceError('case.no-notice', `case ${c.number} was never asked for more materials`);
      }
      return this.deps.print.correctionNotice(c, at);
    }
    if (c.correctionAtIntake && c.suspensions[0]?.untilDay === undefined) {
      throw new ApplianceError(
        'case.no-receipt',
        `case ${c.number} is not accepted until its materials are complete`,
      );
    }
    return this.deps.print.receipt(c, at);
  }

  private summary(c: CaseRecord): CaseSummaryView {
    const p = caseProgress(c, this.calendar, this.today());
    return {
      receiptNo: c.number,
      serviceName: c.itemName,
      status: c.state,
      acceptedAt: c.acceptedAt,
      dueAt: Date.parse(`${c.promisedDeadline}T17:00:00+08:00`),
      promisedDeadline: c.promisedDeadline,
      legalDeadline: c.legalDeadline,
      provisional: p.provisional,
      provisionalBecause: p.provisionalBecause.map((w) => ({ ...w })),
      ...(p.missingMaterials.length > 0 ? { missingMaterials: p.missingMaterials } : {}),
      ...(c.refusal?.kind ? { refusalKind: c.refusal.kind } : {}),
      ...backOfficeOf(this.deps.backOffice?.(c.id)),
    };
  }

  /**
   * The resident's own lookup: by the receipt's signed QR, by the card on the paired kiosk's reader,
   * or by the receipt number with a second factor — the last four characters of the applicant's ID
   * number, or the receipt's QR scanned at this kiosk moments ago. Without one, an unknown number
   * and a known one look the same (`failed`, for the caller's per-client limit).
   */
  async lookupForResident(
    receipt: string | undefined,
    holder: PersonRef | null,
    proof: ResidentProof,
  ): Promise<{ cases: CaseSummaryView[]; failed: boolean }> {
    if (!receipt) {
      if (!holder)
        throw new ApplianceError('card.absent', 'scan the receipt or put your ID card on the reader', 422);
      const own = this.cases.list().filter((c) => c.applicant.ref === holder.ref);
      return { cases: own.map((c) => this.summary(c)), failed: false };
    }
    const verdict = this.deps.codes.verifyCode(receipt);
    if (verdict.kind === 'shequ' && verdict.type === 'receipt') {
      const c = await this.findCase({ id: (verdict.fields as { caseId: string }).caseId });
      return { cases: c ? [this.summary(c)] : [], failed: false };
    }
    if (verdict.kind === 'forged') {
      throw new ApplianceError(
        'code.forged',
        'this code was not issued by this centre or has been altered',
        422,
      );
    }
    const typed = readTypedReceipt(receipt);
    if (typed.kind === 'mistyped') {
      throw new ApplianceError(
        'receipt.mistyped',
        'a digit of this receipt number is wrong: check it on the receipt',
        422,
      );
    }
    const c = typed.kind === 'number' ? await this.findCase({ number: typed.number }) : undefined;
    if (c && proof.scannedHere(c.id)) return { cases: [this.summary(c)], failed: false };
    if (!proof.idTail) {
      throw new ApplianceError(
        'lookup.id-tail-needed',
        'type the last four characters of your ID number too, or scan the receipt’s QR code',
        422,
      );
    }
    const tail = proof.idTail.toUpperCase();
    if (c?.applicant.maskedNumber.toUpperCase().endsWith(tail)) {
      return { cases: [this.summary(c)], failed: false };
    }
    return { cases: [], failed: true };
  }

  async rate(req: RatingRequest): Promise<void> {
    const ticket = this.deps.queue.tickets().find((t) => t.number === req.ticketNumber.toUpperCase());
    if (!ticket) throw new ApplianceError('ticket.unknown', `no ticket ${req.ticketNumber} today`, 404);
    await this.ratings.rate({
      subject: { kind: 'ticket', id: ticket.id },
      score: req.score,
      ...(req.reasons ? { reasons: req.reasons } : {}),
      ...(req.comment ? { comment: req.comment } : {}),
    });
  }

  /** A staff member looks up everything about one person: written to the audit log first. */
  async personLookup(
    idNumber: string,
    reason: string,
    staff: string,
    ticketView: (ticket: TicketRecord) => TicketView | null,
  ): Promise<PersonLookupResponse> {
    const ref = this.deps.vault.lookupRef(idNumber);
    await this.deps.audit.append({
      ts: this.now(),
      staff,
      action: 'person.lookup',
      subjectRef: ref,
      detail: reason,
    });
    const cases = this.cases
      .list()
      .filter((c) => c.applicant.ref === ref)
      .map((c) => this.view(c));
    const tickets = this.deps.store
      .all('ticket')
      .filter((t) => t.holder?.ref === ref)
      .flatMap((t) => {
        const v = ticketView(t);
        return v ? [v] : [];
      });
    // History that has left memory: the archive's person index finds it without a scan.
    const live = new Set([...cases.map((c) => c.id), ...tickets.map((t) => t.id)]);
    for (const r of await this.deps.store.archive.person(ref)) {
      if (live.has(r.id)) continue;
      if (r.kind === 'case') cases.push(this.view(r));
      const v = r.kind === 'ticket' ? ticketView(r) : null;
      if (v) tickets.push(v);
    }
    return { cases, tickets };
  }

  report(day: string): Promise<DayPerformance> {
    return dayReport(this.deps.store, day);
  }

  /** A month's figures ('YYYY-MM'), from the archive's day facts and the live records. */
  monthReport(month: string): Promise<DayPerformance> {
    return monthReport(this.deps.store, month);
  }

  /** A case by ID or receipt number, live or archived (a closed case of a past day). */
  async findCase(by: { id: string } | { number: string }): Promise<CaseRecord | undefined> {
    const live = 'id' in by ? this.cases.get(by.id) : this.cases.byNumber(by.number);
    return live ?? (await this.deps.store.archive.findCase(by));
  }
}

const backOfficeOf = (steps: BackOfficeStepView[] | undefined) =>
  steps && steps.length > 0 ? { backOffice: steps } : {};
