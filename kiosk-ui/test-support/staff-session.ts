/** The admin panel's own API client, driven from node against a real appliance (cookie kept by hand). */
import { type ApiClient, createApiClient } from '../shared/api-client.ts';

export async function staffSession(
  baseUrl: string,
  username = 'clerk',
  password = 'shequ-demo',
): Promise<ApiClient> {
  let cookie = '';
  const api = createApiClient(async (path, init) => {
    const headers = { ...(init?.headers as Record<string, string>), ...(cookie ? { cookie } : {}) };
    const response = await fetch(baseUrl + path, { ...init, headers });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0] ?? '';
    return response;
  });
  await api.login({ username, password });
  return api;
}

/** Call the next ticket at a counter and accept an application from it: a case for the resident screens. */
export async function acceptCaseFor(
  api: ApiClient,
  counterId: string,
  itemId: string,
  materials: string[],
): Promise<{ number: string; id: string; idTail: string }> {
  const { ticket } = await api.callNext(counterId);
  if (!ticket) throw new Error(`nobody waiting for counter ${counterId}`);
  const { case: accepted } = await api.acceptCase({ ticketId: ticket.id, itemId, materials });
  // What the resident types with the receipt number: the last four characters of the ID number.
  return {
    number: accepted.number,
    id: accepted.id,
    idTail: (accepted.applicantMaskedNumber ?? '').slice(-4),
  };
}
