/**
 * The record of an application taken in at the counter: complete, or under 补正 from the start
 * (materials missing: its clock never starts, and the one-time notice lists them), with its steps.
 */
import { ulid } from 'ulid';
import type { PersonRef } from '../store/person-ref.ts';
import type { TicketRecord } from '../store/records.ts';
import { arrivalDay } from './case-clock.ts';
import { type StepConfig, startSteps } from './case-steps.ts';
import type { CaseRecord } from './records.ts';

/** A service item (事项) and its time limits in working days. */
export interface CaseItem {
  id: string;
  name: string;
  legalLimitDays: number;
  promisedLimitDays: number;
  steps?: readonly StepConfig[];
}

export interface AcceptRequest {
  /** The ticket being (or just) served at the counter. */
  ticketId: string;
  item: CaseItem;
  /** The card tapped at the counter; defaults to the ticket's holder. */
  applicant?: PersonRef;
  materials: string[];
  /** What the application lacks: the case is taken in under 补正, its clock never starting. */
  missingMaterials?: string[];
  /** The day the materials arrived, when before today (default: today). */
  materialsArrivedDay?: string;
  clerk: string;
  counterId?: string;
}

/** Deadlines and level are counted afterwards (withDeadlines, withLevel). */
export function intakeDraft(o: {
  req: AcceptRequest;
  ticket: TicketRecord;
  applicant: PersonRef;
  materials: string[];
  missing: string[];
  number: string;
  acceptedAt: number;
  acceptedDay: string;
}): CaseRecord {
  const { req, ticket, applicant, materials, missing, number, acceptedAt, acceptedDay } = o;
  const arrived = arrivalDay(req.materialsArrivedDay, acceptedDay);
  const intake = missing.length > 0;
  return {
    kind: 'case',
    id: ulid(acceptedAt),
    number,
    ticketId: ticket.id,
    serviceId: ticket.serviceId,
    itemId: req.item.id,
    itemName: req.item.name,
    applicant,
    materials,
    legalLimitDays: req.item.legalLimitDays,
    promisedLimitDays: req.item.promisedLimitDays,
    acceptedAt,
    acceptedDay,
    clerk: req.clerk,
    ...(req.counterId ? { counterId: req.counterId } : {}),
    state: 'accepted',
    pausedWorkingDays: 0,
    promisedDeadline: acceptedDay,
    legalDeadline: acceptedDay,
    provisional: false,
    suspensions: intake
      ? [{ at: acceptedAt, fromDay: acceptedDay, missingMaterials: missing, clerk: req.clerk }]
      : [],
    materialsArrivedDay: arrived,
    ...(intake ? { correctionAtIntake: true, state: 'suspended' as const } : {}),
    ...(req.item.steps?.length ? { steps: startSteps(req.item.steps, acceptedDay) } : {}),
    level: 'normal',
    worstLevel: 'normal',
    history: [
      { at: acceptedAt, what: 'accepted', clerk: req.clerk },
      ...(intake ? [{ at: acceptedAt, what: 'suspended' as const, clerk: req.clerk }] : []),
    ],
  };
}
