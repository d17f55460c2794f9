/**
 * The district's service catalogue over the centre's configured case items: an item central shares
 * (with the site's override already applied) replaces the configured item of the same ID in what
 * residents and clerks read and in the limits a new case gets; the fee and the case's steps stay
 * the centre's. Without a catalogue, the configuration is the source. Verified on arrival, not here.
 */
import type { CaseItemView } from '../../contract/api.ts';
import type { CaseItemConfig } from '../../contract/config/schema.ts';
import type { CatalogueItem } from '../../contract/sharing.ts';

/** Central's item of an ID, if a catalogue that has it has arrived. */
export type CatalogueLookup = (itemId: string) => CatalogueItem | undefined;

export const noCatalogue: CatalogueLookup = () => undefined;

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

/** The guide's view of an item: the overlaid fields, and central's department, life events and text. */
export function caseItemView(configured: CaseItemConfig, central: CatalogueItem | undefined): CaseItemView {
  const item = overlaidItem(configured, central);
  return {
    id: item.id,
    name: item.name,
    legalLimitDays: item.legalLimitDays,
    promisedLimitDays: item.promisedLimitDays,
    materials: item.materials,
    fee: item.fee,
    ...(central
      ? { department: central.department, lifeEvents: central.lifeEvents, guide: central.guide }
      : {}),
  };
}
