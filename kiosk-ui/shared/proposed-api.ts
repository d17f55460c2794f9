/**
 * Endpoints the screens need that contract/api.ts does not have yet. They are PROPOSED contract
 * additions (listed in the ui report), kept here so they are easy to move into the contract.
 * Until the appliance implements them the client gets 404 and the screens say so.
 */
import { apiPaths, type CounterView, type TakeTicketResponse } from '../../contract/api.ts';

/** `POST proposedPaths.appointmentCheckIn` body; answer `TakeTicketResponse` (the ticket for the booked slot). */
export interface AppointmentCheckInRequest {
  /** The code from the booking (QR payload or typed); omit when checking in by ID card. */
  code?: string;
  withCard: boolean;
}

export type CaseStatus = 'accepted' | 'in-progress' | 'suspended' | 'completed' | 'refused';

/** One application as the resident may see it: no personal data beyond the masked holder. */
export interface CaseSummaryView {
  receiptNo: string;
  serviceName: string;
  status: CaseStatus;
  /** Human-readable status line from the appliance, e.g. "补正材料中". */
  statusText: string;
  acceptedAt: number;
  dueAt?: number;
}

/** `POST proposedPaths.caseLookup` body → `CaseLookupResponse`. */
export interface CaseLookupRequest {
  receiptNo?: string;
  withCard: boolean;
}
export interface CaseLookupResponse {
  cases: CaseSummaryView[];
}

/** 好差评 five levels: 5 非常满意 … 1 非常不满意. */
export type RatingScore = 1 | 2 | 3 | 4 | 5;
/** `POST proposedPaths.ratings` body → 204. */
export interface RatingRequest {
  ticketNumber: string;
  score: RatingScore;
}

// Staff counter actions are in the contract now.
export type { PauseRequest, StaffTicketResponse, TransferRequest } from '../../contract/api.ts';
export type PauseResponse = CounterView;
export type AppointmentCheckInResponse = TakeTicketResponse;

export const proposedPaths = {
  appointmentCheckIn: '/api/appointments/check-in',
  caseLookup: '/api/cases/lookup',
  ratings: '/api/ratings',
  recall: apiPaths.recall,
  noShow: apiPaths.noShow,
  transfer: apiPaths.transfer,
  pause: apiPaths.pause,
} as const;

/** The error code the client reports when the appliance does not have an endpoint yet. */
export function isNotImplemented(code: string, status: number): boolean {
  return status === 404 || status === 405 || status === 501 || code === 'route.unknown';
}
