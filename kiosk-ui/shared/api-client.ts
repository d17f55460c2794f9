/** Typed calls to the appliance's HTTP API (contract/api.ts). Failures become ApiClientError. */
import {
  apiPaths,
  type CallNextResponse,
  CSRF_HEADER,
  type LoginRequest,
  type SessionView,
  type StaffQueueView,
  type TakeTicketRequest,
  type TakeTicketResponse,
} from '../../contract/api.ts';
import {
  type AppointmentCheckInRequest,
  type AppointmentCheckInResponse,
  type CaseLookupRequest,
  type CaseLookupResponse,
  type PauseResponse,
  proposedPaths,
  type RatingRequest,
  type StaffTicketResponse,
} from './proposed-api.ts';

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
  getSession(): Promise<SessionView | null>;
  login(request: LoginRequest): Promise<SessionView>;
  logout(): Promise<void>;
  staffQueue(): Promise<StaffQueueView>;
  callNext(counterId: string): Promise<CallNextResponse>;
  // Proposed endpoints (proposed-api.ts): 404 until the appliance has them.
  checkInAppointment(request: AppointmentCheckInRequest): Promise<AppointmentCheckInResponse>;
  lookupCases(request: CaseLookupRequest): Promise<CaseLookupResponse>;
  rate(request: RatingRequest): Promise<void>;
  recall(counterId: string): Promise<StaffTicketResponse>;
  noShow(counterId: string): Promise<StaffTicketResponse>;
  transfer(counterId: string, toCounterId: string): Promise<StaffTicketResponse>;
  setPaused(counterId: string, paused: boolean): Promise<PauseResponse>;
}

export function createApiClient(fetchImpl: FetchLike = (input, init) => fetch(input, init)): ApiClient {
  /** Kept in memory only: the session cookie is HttpOnly, the token proves the page is ours. */
  let csrfToken: string | null = null;

  async function request<T>(method: string, path: string, body?: unknown, staffWrite = false): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (staffWrite && csrfToken) headers[CSRF_HEADER] = csrfToken;
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
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

  return {
    takeTicket: (req) => request<TakeTicketResponse>('POST', apiPaths.tickets, req),
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
    callNext: (counterId) => request<CallNextResponse>('POST', apiPaths.callNext(counterId), undefined, true),
    checkInAppointment: (req) =>
      request<AppointmentCheckInResponse>('POST', proposedPaths.appointmentCheckIn, req),
    lookupCases: (req) => request<CaseLookupResponse>('POST', proposedPaths.caseLookup, req),
    rate: (req) => request<void>('POST', proposedPaths.ratings, req),
    recall: (id) => request<StaffTicketResponse>('POST', proposedPaths.recall(id), undefined, true),
    noShow: (id) => request<StaffTicketResponse>('POST', proposedPaths.noShow(id), undefined, true),
    transfer: (id, toCounterId) =>
      request<StaffTicketResponse>('POST', proposedPaths.transfer(id), { toCounterId }, true),
    setPaused: (id, paused) => request<PauseResponse>('POST', proposedPaths.pause(id), { paused }, true),
  };
}
