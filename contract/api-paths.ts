/**
 * The appliance's HTTP paths, written once for the screens, the routes and the tests; re-exported
 * by `api.ts`, which holds the request and answer schemas.
 */
import type { CaseAction } from './case-api.ts';

export const apiPaths = {
  state: '/api/state',
  events: '/api/events',
  tickets: '/api/tickets',
  session: '/api/session',
  staffQueue: '/api/staff/queue',
  callNext: (counterId: string) => `/api/staff/counters/${encodeURIComponent(counterId)}/call-next`,
  recall: (counterId: string) => `/api/staff/counters/${encodeURIComponent(counterId)}/recall`,
  noShow: (counterId: string) => `/api/staff/counters/${encodeURIComponent(counterId)}/no-show`,
  finish: (counterId: string) => `/api/staff/counters/${encodeURIComponent(counterId)}/finish`,
  transfer: (counterId: string) => `/api/staff/counters/${encodeURIComponent(counterId)}/transfer`,
  pause: (counterId: string) => `/api/staff/counters/${encodeURIComponent(counterId)}/pause`,
  callTicket: (counterId: string) => `/api/staff/counters/${encodeURIComponent(counterId)}/call`,
  requeue: (ticketId: string) => `/api/staff/tickets/${encodeURIComponent(ticketId)}/requeue`,
  reprintTicket: (ticketId: string) => `/api/staff/tickets/${encodeURIComponent(ticketId)}/reprint`,
  /** POST {itemId}: prints the item's materials checklist on the receipt printer. */
  guideChecklist: '/api/guide/checklist',
  /** POST {itemId, form}: prints a copy of the item's form (its blanks, and a QR to download it). */
  guideForm: '/api/guide/form',
  casePrint: (caseId: string) => `/api/staff/cases/${encodeURIComponent(caseId)}/print`,
  staffCases: '/api/staff/cases',
  caseAction: (caseId: string, action: CaseAction) =>
    `/api/staff/cases/${encodeURIComponent(caseId)}/${action}`,
  personLookup: '/api/staff/person-lookup',
  report: (day: string) => `/api/staff/report?day=${encodeURIComponent(day)}`,
  reportCsv: (day: string) => `/api/staff/report.csv?day=${encodeURIComponent(day)}`,
  caseLookup: '/api/cases/lookup',
  appointments: '/api/staff/appointments',
  appointmentCheckIn: '/api/appointments/check-in',
  ratings: '/api/ratings',
  documentOcr: '/api/documents/ocr',
  documentPerson: '/api/documents/person',
  /** GET: the pairing page a screen's browser opens; POST (form): exchanges the code, then redirects home. */
  pairPage: '/pair',
  /** POST {code}: exchanges a pairing code for the device cookie (JSON answer). */
  pairing: '/api/pairing',
  /** GET: which paired screen this is (401 when it is not paired). */
  device: '/api/device',
  staffPairings: '/api/staff/pairings',
  staffDevices: '/api/staff/devices/paired',
  staffDevice: (id: string) => `/api/staff/devices/paired/${encodeURIComponent(id)}`,
  /** GET: where the ticket with this printed code stands (public, nothing personal). */
  ticketProgress: (code: string) => `/api/tickets/progress/${encodeURIComponent(code)}`,
  /** GET: the phone page behind a ticket's QR (the base URL is the site's `centre.ticketPageUrl`). */
  ticketPage: (code: string) => `/q/${encodeURIComponent(code)}`,
} as const;

export const CSRF_HEADER = 'x-csrf-token';
