/** Typed calls to the appliance's HTTP API (contract/api.ts). Failures become ApiClientError. */
import {
  type AcceptCaseRequest,
  type AcceptCaseResponse,
  type AppointmentCheckInRequest,
  apiPaths,
  type CallNextResponse,
  type CaseAction,
  type CaseActionRequest,
  type CaseDocument,
  type CaseListResponse,
  type CaseLookupRequest,
  type CaseLookupResponse,
  type CaseView,
  type CounterView,
  type CreatePairingRequest,
  CSRF_HEADER,
  type DocumentKind,
  type DocumentReadView,
  hallLimitPaths,
  type LoginRequest,
  type PairedDeviceList,
  type PairingCodeView,
  type PrintedResponse,
  RATING_SCREEN_PATH,
  type RatingRequest,
  type RatingScreenView,
  type SessionView,
  type StaffQueueView,
  type StaffTicketResponse,
  type TakeTicketRequest,
  type TakeTicketResponse,
  type TransferRequest,
} from '../../contract/api.ts';
import { type NoticesResponse, type NoticeView, noticesApiPaths } from '../../contract/notices-api.ts';
import {
  type NotifyStatus,
  type NotifySubscribed,
  notifyApiPaths,
  type TicketNotifyRequest,
} from '../../contract/notify-api.ts';
import {
  type RectificationsResponse,
  type RectificationView,
  rectificationsApiPaths,
} from '../../contract/rectifications-api.ts';
import {
  type CreateStaffUserRequest,
  type StaffUserList,
  type StaffUserView,
  staffUserPaths,
  type UpdateStaffProfileRequest,
} from '../../contract/staff-users-api.ts';
import type { DayReportView } from './proposed-api.ts';

export class ApiClientError extends Error {
  override readonly name = 'ApiClientError';
  constructor(
    /** The server's `error.code`, or `network.unreachable` / `response.invalid` from this side. */
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

async function errorFrom(response: Response): Promise<ApiClientError> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof body.error?.code === 'string' ? body.error.code : `http.${response.status}`;
    const message = typeof body.error?.message === 'string' ? body.error.message : response.statusText;
    return new ApiClientError(code, message, response.status);
  } catch {
    return new ApiClientError(
      `http.${response.status}`,
      response.statusText || `HTTP ${response.status}`,
      response.status,
    );
  }
}

export interface ApiClient {
  takeTicket(request: TakeTicketRequest): Promise<TakeTicketResponse>;
  lookupCases(request: CaseLookupRequest): Promise<CaseLookupResponse>;
  checkInAppointment(request: AppointmentCheckInRequest): Promise<TakeTicketResponse>;
  rate(request: RatingRequest): Promise<void>;
  /** One camera frame (JPEG) to OCR: what was read, masked; a valid reading identifies the resident. */
  readDocument(frame: Blob, kind: DocumentKind): Promise<DocumentReadView>;
  /** The resident read from a photo is done: the appliance forgets them. */
  forgetDocumentPerson(): Promise<void>;
  /** A counter's rating screen: whom its counter serves or has just served, and whether to rate now. */
  ratingScreen(): Promise<RatingScreenView>;
  notifyStatus(): Promise<NotifyStatus>;
  notifyTicket(ticketId: string, request: TicketNotifyRequest): Promise<NotifySubscribed>;
  getSession(): Promise<SessionView | null>;
  login(request: LoginRequest): Promise<SessionView>;
  logout(): Promise<void>;
  staffQueue(): Promise<StaffQueueView>;
  callNext(counterId: string): Promise<CallNextResponse>;
  /** Calls a chosen waiting ticket out of turn (the one being served is finished). */
  callTicket(counterId: string, ticketId: string): Promise<StaffTicketResponse>;
  requeue(ticketId: string, position: 'front' | 'back'): Promise<StaffTicketResponse>;
  reprintTicket(ticketId: string): Promise<PrintedResponse>;
  /** The kiosk's guide prints a case item's materials checklist. */
  printChecklist(itemId: string): Promise<PrintedResponse>;
  /** A paper copy of one of the item's forms (表格), by the form's name. */
  printForm(itemId: string, form: string): Promise<PrintedResponse>;
  reprintCase(caseId: string, document: CaseDocument): Promise<PrintedResponse>;
  recall(counterId: string): Promise<StaffTicketResponse>;
  noShow(counterId: string): Promise<StaffTicketResponse>;
  finish(counterId: string): Promise<StaffTicketResponse>;
  transfer(counterId: string, request: TransferRequest): Promise<StaffTicketResponse>;
  setPaused(counterId: string, paused: boolean): Promise<CounterView>;
  listCases(): Promise<CaseListResponse>;
  acceptCase(request: AcceptCaseRequest): Promise<AcceptCaseResponse>;
  caseAction(caseId: string, action: CaseAction, request?: CaseActionRequest): Promise<CaseView>;
  report(day: string): Promise<DayReportView>;
  /** A card-less ticket issued by staff past the kiosk's limits. */
  issueTicket(serviceId: string): Promise<TakeTicketResponse>;
  /** The supervision notices central addressed to this centre, and the centre's reply (回告). */
  notices(): Promise<NoticesResponse>;
  replyNotice(noticeId: string, text: string): Promise<NoticeView>;
  /** This centre's 差评 rectifications with central's side (回访, reassignment, escalation), and the centre's answer. */
  rectifications(): Promise<RectificationsResponse>;
  answerRectification(ratingId: string, text: string): Promise<RectificationView>;
  /** Admin: a one-time code a new screen's browser exchanges to become a kiosk, board or rating screen. */
  createPairing(request: CreatePairingRequest): Promise<PairingCodeView>;
  pairedDevices(): Promise<PairedDeviceList>;
  revokeDevice(deviceId: string): Promise<void>;
  /** Admin: staff accounts, with the name and 工号 a counter's rating screen shows. */
  staffUsers(): Promise<StaffUserList>;
  addStaffUser(request: CreateStaffUserRequest): Promise<StaffUserView>;
  setStaffProfile(userId: string, request: UpdateStaffProfileRequest): Promise<StaffUserView>;
}

export function createApiClient(fetchImpl: FetchLike = (input, init) => fetch(input, init)): ApiClient {
  /** Kept in memory only: the session cookie is HttpOnly, the token proves the page is ours. */
  let csrfToken: string | null = null;

  async function request<T>(method: string, path: string, body?: unknown, staffWrite = false): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const raw = body instanceof Blob;
    if (body !== undefined) headers['content-type'] = raw ? body.type : 'application/json';
    if (staffWrite && csrfToken) headers[CSRF_HEADER] = csrfToken;
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiClientError('network.unreachable', err instanceof Error ? err.message : String(err), 0);
    }
    if (!response.ok) throw await errorFrom(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiClientError('response.invalid', `not JSON from ${path}`, response.status);
    }
  }

  const remember = (session: SessionView) => {
    csrfToken = session.csrfToken;
    return session;
  };
  const staffPost = <T>(path: string, body?: unknown) => request<T>('POST', path, body, true);

  return {
    takeTicket: (req) => request<TakeTicketResponse>('POST', apiPaths.tickets, req),
    // A clerk's page prints with its CSRF token; the kiosk, holding none, sends none.
    printChecklist: (itemId) => request<PrintedResponse>('POST', apiPaths.guideChecklist, { itemId }, true),
    printForm: (itemId, form) => request<PrintedResponse>('POST', apiPaths.guideForm, { itemId, form }, true),
    lookupCases: (req) => request<CaseLookupResponse>('POST', apiPaths.caseLookup, req),
    checkInAppointment: (req) => request<TakeTicketResponse>('POST', apiPaths.appointmentCheckIn, req),
    rate: (req) => request<void>('POST', apiPaths.ratings, req),
    readDocument: (frame, kind) =>
      request<DocumentReadView>('POST', `${apiPaths.documentOcr}?kind=${kind}`, frame),
    forgetDocumentPerson: () => request<void>('DELETE', apiPaths.documentPerson),
    ratingScreen: () => request<RatingScreenView>('GET', RATING_SCREEN_PATH),
    notifyStatus: () => request<NotifyStatus>('GET', notifyApiPaths.status),
    notifyTicket: (id, req) => request<NotifySubscribed>('POST', notifyApiPaths.ticket(id), req),
    async getSession() {
      try {
        return remember(await request<SessionView>('GET', apiPaths.session));
      } catch (err) {
        if (err instanceof ApiClientError && err.status === 401) return null;
        throw err;
      }
    },
    login: async (req) => remember(await request<SessionView>('POST', apiPaths.session, req)),
    async logout() {
      try {
        await request<void>('DELETE', apiPaths.session, undefined, true);
      } finally {
        csrfToken = null;
      }
    },
    staffQueue: () => request<StaffQueueView>('GET', apiPaths.staffQueue),
    callNext: (id) => staffPost<CallNextResponse>(apiPaths.callNext(id)),
    callTicket: (id, ticketId) => staffPost<StaffTicketResponse>(apiPaths.callTicket(id), { ticketId }),
    requeue: (ticketId, position) => staffPost<StaffTicketResponse>(apiPaths.requeue(ticketId), { position }),
    reprintTicket: (ticketId) => staffPost<PrintedResponse>(apiPaths.reprintTicket(ticketId)),
    reprintCase: (caseId, document) => staffPost<PrintedResponse>(apiPaths.casePrint(caseId), { document }),
    recall: (id) => staffPost<StaffTicketResponse>(apiPaths.recall(id)),
    noShow: (id) => staffPost<StaffTicketResponse>(apiPaths.noShow(id)),
    finish: (id) => staffPost<StaffTicketResponse>(apiPaths.finish(id)),
    transfer: (id, req) => staffPost<StaffTicketResponse>(apiPaths.transfer(id), req),
    setPaused: (id, paused) => staffPost<CounterView>(apiPaths.pause(id), { paused }),
    listCases: () => request<CaseListResponse>('GET', apiPaths.staffCases),
    acceptCase: (req) => staffPost<AcceptCaseResponse>(apiPaths.staffCases, req),
    caseAction: (id, action, req) => staffPost<CaseView>(apiPaths.caseAction(id, action), req ?? {}),
    report: (day) => request<DayReportView>('GET', apiPaths.report(day)),
    notices: () => request<NoticesResponse>('GET', noticesApiPaths.list),
    replyNotice: (id, text) => staffPost<NoticeView>(noticesApiPaths.reply(id), { text }),
    rectifications: () => request<RectificationsResponse>('GET', rectificationsApiPaths.list),
    answerRectification: (id, text) =>
      staffPost<RectificationView>(rectificationsApiPaths.answer(id), { text }),
    issueTicket: (serviceId) => staffPost<TakeTicketResponse>(hallLimitPaths.staffTickets, { serviceId }),
    createPairing: (req) => staffPost<PairingCodeView>(apiPaths.staffPairings, req),
    pairedDevices: () => request<PairedDeviceList>('GET', apiPaths.staffDevices),
    revokeDevice: (deviceId) =>
      request<void>('DELETE', `${apiPaths.staffDevices}/${encodeURIComponent(deviceId)}`, undefined, true),
    staffUsers: () => request<StaffUserList>('GET', staffUserPaths.users),
    addStaffUser: (req) => staffPost<StaffUserView>(staffUserPaths.users, req),
    setStaffProfile: (id, req) => request<StaffUserView>('PUT', staffUserPaths.user(id), req, true),
  };
}
