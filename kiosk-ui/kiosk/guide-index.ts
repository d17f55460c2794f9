/**
 * The 办事指南's indexes: every case item the centre offers, with the service a resident takes a
 * number for, grouped by the deciding department and by life event (出生 … 身后事), as the
 * district's catalogue files them. Items the catalogue does not describe have no department.
 */
import type { CaseItemView, ServiceView } from '../../contract/api.ts';
import { LIFE_EVENTS, type LifeEvent } from '../../contract/sharing.ts';

export interface GuideEntry {
  item: CaseItemView;
  service: ServiceView;
}

export interface DepartmentGroup {
  /** null: items the district's catalogue does not (yet) describe. */
  department: string | null;
  entries: GuideEntry[];
}

export interface LifeEventGroup {
  event: LifeEvent;
  entries: GuideEntry[];
}

/** Each item once, under the first service that offers it, in the services' order. */
export function guideEntries(services: readonly ServiceView[]): GuideEntry[] {
  const seen = new Set<string>();
  const entries: GuideEntry[] = [];
  for (const service of services)
    for (const item of service.caseItems) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      entries.push({ item, service });
    }
  return entries;
}

/** Departments in the order their first item comes; the items without one last. */
export function byDepartment(entries: readonly GuideEntry[]): DepartmentGroup[] {
  const groups = new Map<string | null, GuideEntry[]>();
  for (const e of entries) {
    const key = e.item.department ?? null;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const named = [...groups].filter(([d]) => d !== null);
  const none = groups.get(null);
  return [
    ...named.map(([department, list]) => ({ department, entries: list })),
    ...(none ? [{ department: null, entries: none }] : []),
  ];
}

/** All six life events, from birth to death, each with its items (possibly none). */
export function byLifeEvent(entries: readonly GuideEntry[]): LifeEventGroup[] {
  return LIFE_EVENTS.map((event) => ({
    event,
    entries: entries.filter((e) => (e.item.lifeEvents ?? []).includes(event)),
  }));
}
