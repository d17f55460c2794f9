/** Taking tickets straight through the resident API, to set up staff screens. */
import type { TakeTicketResponse } from '../../contract/api.ts';

export async function takeTicket(
  baseUrl: string,
  serviceId: string,
  withCard = false,
  /** With a card, the paired kiosk's cookie header: only that screen acts for the card on the reader. */
  screen: Record<string, string> = {},
): Promise<TakeTicketResponse> {
  const response = await fetch(`${baseUrl}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...screen },
    body: JSON.stringify({ serviceId, withCard }),
  });
  if (response.status !== 201)
    throw new Error(`taking a ${serviceId} ticket: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as TakeTicketResponse;
}

/** Today in China Standard Time, the day the appliance files things under. */
export function centreDay(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}
