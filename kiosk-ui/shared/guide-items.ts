/**
 * The guide's items beside the live state: the state names only the guide's version (ETag) and
 * size, so when that changes the screen fetches the items in pages (`no-cache`: the browser asks
 * with If-None-Match and takes a 304 while they have not changed) and files each under its
 * services, which is the state the screens read (`services[].caseItems`).
 */
import { computed, effect, signal } from '@preact/signals-core';
import type { CaseItemView } from '../../contract/api.ts';
import { type GuideItemsPage, guidePaths } from '../../contract/guide-api.ts';
import type { StateStream } from './state-stream.ts';

export type FetchPage = (url: string) => Promise<GuideItemsPage>;

const browserFetch: FetchPage = async (url) => {
  const res = await fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
  if (!res.ok) throw new Error(`guide page: HTTP ${res.status}`);
  return (await res.json()) as GuideItemsPage;
};

/** All pages of one version, filed by service; null when the version moved while they came. */
async function loadAll(fetchPage: FetchPage, etag: string): Promise<Map<string, CaseItemView[]> | null> {
  const byService = new Map<string, CaseItemView[]>();
  let offset: number | undefined = 0;
  while (offset !== undefined) {
    const page: GuideItemsPage = await fetchPage(`${guidePaths.items}?offset=${offset}&limit=500`);
    if (page.etag !== etag) return null;
    for (const e of page.entries) {
      // Pushed, not copied: a service of thousands of items on a low-end kiosk.
      const items = byService.get(e.serviceId);
      if (items) items.push(e.item);
      else byService.set(e.serviceId, [e.item]);
    }
    offset = page.next;
  }
  return byService;
}

export function withGuideItems(stream: StateStream, fetchPage: FetchPage = browserFetch): StateStream {
  const loaded = signal<{ etag: string; byService: Map<string, CaseItemView[]> } | null>(null);
  let wanted: string | null = null;
  const stop = effect(() => {
    const etag = stream.live.value.state?.guide?.etag;
    if (!etag || etag === wanted) return;
    wanted = etag;
    const retry = () => {
      if (wanted === etag) wanted = null;
    };
    void loadAll(fetchPage, etag).then(
      (byService) => {
        if (byService && wanted === etag) loaded.value = { etag, byService };
        else retry();
      },
      retry, // the next state push asks again
    );
  });
  const live = computed(() => {
    const now = stream.live.value;
    const guide = loaded.value;
    if (!now.state || !guide) return now;
    const services = now.state.services.map((s) => ({ ...s, caseItems: guide.byService.get(s.id) ?? [] }));
    return { ...now, state: { ...now.state, services } };
  });
  return {
    live,
    close() {
      stop();
      stream.close();
    },
  };
}
