/**
 * The public state as the screens see it once they have the guide's pages: `/api/state` names
 * only the guide's version, and the items come from `guidePaths.items`, filed under their services.
 */
import type { CaseItemView, PublicState } from '../../contract/api.ts';
import { GUIDE_PAGE_MAX, type GuideItemsPage, guidePaths } from '../../contract/guide-api.ts';

export async function stateWithGuide(get: (path: string) => Promise<unknown>): Promise<PublicState> {
  const state = (await get('/api/state')) as PublicState;
  const byService = new Map<string, CaseItemView[]>();
  let offset: number | undefined = 0;
  while (offset !== undefined) {
    const page = (await get(
      `${guidePaths.items}?offset=${offset}&limit=${GUIDE_PAGE_MAX}`,
    )) as GuideItemsPage;
    for (const e of page.entries) byService.set(e.serviceId, [...(byService.get(e.serviceId) ?? []), e.item]);
    offset = page.next;
  }
  return { ...state, services: state.services.map((s) => ({ ...s, caseItems: byService.get(s.id) ?? [] })) };
}

/** For a plain fetch against the appliance's URL. */
export const fetchJson =
  (base: string, headers: Record<string, string> = {}) =>
  async (path: string): Promise<unknown> =>
    (await fetch(`${base}${path}`, { headers })).json();
