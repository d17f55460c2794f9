/**
 * The guide's items as the screens page through them: one entry per item per service offering it,
 * built once per offered set (a catalogue version, a configuration) with a new ETag, so the state
 * stream names the version and size only and a page is a slice of what is built already.
 */
import { randomBytes } from 'node:crypto';
import type { ServiceConfig } from '../../contract/config/schema.ts';
import type { GuideItemsPage, GuideSummary } from '../../contract/guide-api.ts';
import {
  type CatalogueLookup,
  caseItemView,
  type OfferedService,
  offeredServices,
} from './catalogue-overlay.ts';

interface BuiltGuide {
  etag: string;
  entries: GuideItemsPage['entries'];
}

const built = new WeakMap<OfferedService[], BuiltGuide>();

function guideOf(services: readonly ServiceConfig[], catalogue: CatalogueLookup): BuiltGuide {
  const offered = offeredServices(services, catalogue);
  let guide = built.get(offered);
  if (!guide) {
    guide = {
      // New per offered set, and unlike any before a restart: a screen's cached pages never match by chance.
      etag: `"g-${randomBytes(8).toString('hex')}"`,
      entries: offered.flatMap(({ service, items }) =>
        items.map((o) => ({ serviceId: service.id, item: caseItemView(o) })),
      ),
    };
    built.set(offered, guide);
  }
  return guide;
}

export function guideSummary(services: readonly ServiceConfig[], catalogue: CatalogueLookup): GuideSummary {
  const g = guideOf(services, catalogue);
  return { etag: g.etag, items: g.entries.length };
}

export function guidePage(
  services: readonly ServiceConfig[],
  catalogue: CatalogueLookup,
  offset: number,
  limit: number,
): GuideItemsPage {
  const g = guideOf(services, catalogue);
  const entries = g.entries.slice(offset, offset + limit);
  const end = offset + entries.length;
  return {
    etag: g.etag,
    total: g.entries.length,
    offset,
    entries,
    ...(end < g.entries.length ? { next: end } : {}),
  };
}

/** The item of an ID as the guide shows it, and the service it is first offered under. */
export function guideItem(
  services: readonly ServiceConfig[],
  catalogue: CatalogueLookup,
  itemId: string,
): GuideItemsPage['entries'][number] | undefined {
  return guideOf(services, catalogue).entries.find((e) => e.item.id === itemId);
}
