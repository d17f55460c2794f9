/**
 * The district's service catalogue over the centre's configured case items: an item central shares
 * (with the site's override already applied) replaces the configured item of the same ID in what
 * residents and clerks read and in the limits a new case gets; the fee and the case's steps stay
 * the centre's. An item only central lists joins the service it names (`serviceId`) when this
 * centre has that service, with central's limits and materials, so its counters accept cases for
 * it. Without a catalogue, the configuration is the source. Verified on arrival, not here.
 */
import type { CaseItemView } from '../../contract/api.ts';
import type { CaseItemConfig, ServiceConfig } from '../../contract/config/schema.ts';
import type { CatalogueItem } from '../../contract/sharing.ts';

/** The catalogue as this kiosk holds it: central's item of an ID, and every item. */
export interface CatalogueLookup {
  item(itemId: string): CatalogueItem | undefined;
  items(): readonly CatalogueItem[];
}

export const noCatalogue: CatalogueLookup = { item: () => undefined, items: () => [] };

/** A case item as the centre offers it: its configuration (or one made from central's item), and central's item. */
export interface OfferedItem {
  config: CaseItemConfig;
  central: CatalogueItem | undefined;
}

export interface OfferedService {
  service: ServiceConfig;
  items: OfferedItem[];
}

export function overlaidItem(configured: CaseItemConfig, central: CatalogueItem | undefined): CaseItemConfig {
  if (!central) return configured;
  return {
    ...configured,
    name: central.name,
    legalLimitDays: central.legalLimitDays,
    promisedLimitDays: central.promisedLimitDays,
    materials: central.materials,
  };
}

/** A case item made from an item only central lists: central's everything, no steps. */
function itemFromCatalogue(central: CatalogueItem): CaseItemConfig {
  return {
    id: central.itemId,
    name: central.name,
    legalLimitDays: central.legalLimitDays,
    promisedLimitDays: central.promisedLimitDays,
    materials: central.materials,
    fee: central.fee ?? '免费',
  };
}

/**
 * The centre's services with the items their counters accept: the configured ones overlaid, then
 * central's own items under the service each names (in catalogue order). An item central names no
 * service for, or a service this centre lacks, is not offered here.
 */
export function offeredServices(
  services: readonly ServiceConfig[],
  catalogue: CatalogueLookup,
): OfferedService[] {
  // Built once per catalogue version and configuration: the public state asks on every change.
  const cached = offeredCache.get(catalogue);
  if (cached?.services === services) return cached.offered;
  const offered = buildOffered(services, catalogue);
  offeredCache.set(catalogue, { services, offered });
  return offered;
}

const offeredCache = new WeakMap<
  CatalogueLookup,
  { services: readonly ServiceConfig[]; offered: OfferedService[] }
>();

function buildOffered(services: readonly ServiceConfig[], catalogue: CatalogueLookup): OfferedService[] {
  const configured = new Set(services.flatMap((s) => s.caseItems.map((i) => i.id)));
  const added = new Map<string, OfferedItem[]>();
  for (const central of catalogue.items()) {
    if (configured.has(central.itemId) || !central.serviceId) continue;
    const list = added.get(central.serviceId) ?? [];
    list.push({ config: itemFromCatalogue(central), central });
    added.set(central.serviceId, list);
  }
  return services.map((service) => ({
    service,
    items: [
      ...service.caseItems.map((i) => {
        const central = catalogue.item(i.id);
        return { config: overlaidItem(i, central), central };
      }),
      ...(added.get(service.id) ?? []),
    ],
  }));
}

/** The item of an ID as a new case gets it, and the service it is filed under. */
export function offeredItem(
  services: readonly ServiceConfig[],
  catalogue: CatalogueLookup,
  itemId: string,
): { item: CaseItemConfig; serviceId: string } | undefined {
  for (const s of services) {
    const item = s.caseItems.find((i) => i.id === itemId);
    if (item) return { item: overlaidItem(item, catalogue.item(itemId)), serviceId: s.id };
  }
  const central = catalogue.item(itemId);
  if (central?.serviceId && services.some((s) => s.id === central.serviceId))
    return { item: itemFromCatalogue(central), serviceId: central.serviceId };
  return undefined;
}

/** The guide's view of an item: the overlaid fields, and central's department, life events, text and forms. */
export function caseItemView({ config: item, central }: OfferedItem): CaseItemView {
  return {
    id: item.id,
    name: item.name,
    legalLimitDays: item.legalLimitDays,
    promisedLimitDays: item.promisedLimitDays,
    materials: item.materials,
    fee: item.fee,
    ...(central
      ? {
          department: central.department,
          lifeEvents: central.lifeEvents,
          guide: central.guide,
          ...(central.forms.length > 0 ? { forms: central.forms } : {}),
        }
      : {}),
  };
}
