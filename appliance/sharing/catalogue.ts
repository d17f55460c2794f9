/**
 * The district's service catalogue as this kiosk holds it, read for the guide and the acceptance
 * form: the site's items override the district's of the same ID (per-site overrides), whole; the
 * items keep the district's order, the site's own after them. The streams hold only what passed
 * central's signature and hash checks on arrival.
 */
import type { CatalogueItem } from '../../contract/sharing.ts';
import type { CatalogueLookup } from '../core/catalogue-overlay.ts';
import type { LocalStreams } from './local-streams.ts';

export function catalogueLookup(streams: LocalStreams): CatalogueLookup {
  const byId = new Map<string, CatalogueItem>();
  const held = streams.all().filter((s) => s.dataset === 'catalogue');
  // District first, then the site's: a site's item of the same ID wins.
  for (const scope of ['district', 'site'] as const)
    for (const s of held.filter((h) => h.scope === scope))
      for (const item of Object.values(s.entries) as CatalogueItem[]) byId.set(item.itemId, item);
  const items = [...byId.values()];
  return { item: (itemId) => byId.get(itemId), items: () => items };
}
