/** How the case board arranges cases: open ones by supervision level, closed ones apart. */
import type { CaseItemView, CaseView, ServiceView, SupervisionLevel } from '../../contract/api.ts';

export const LEVELS: readonly SupervisionLevel[] = ['normal', 'warning', 'yellow', 'red'];

export interface CaseGroups {
  open: Record<SupervisionLevel, CaseView[]>;
  closed: CaseView[];
}

export function isClosed(c: Pick<CaseView, 'state'>): boolean {
  return c.state === 'completed' || c.state === 'refused';
}

/** Within a level the nearest deadline first, then the case number. */
export function groupCases(cases: readonly CaseView[]): CaseGroups {
  const open: CaseGroups['open'] = { normal: [], warning: [], yellow: [], red: [] };
  const closed: CaseView[] = [];
  for (const c of cases) (isClosed(c) ? closed : open[c.level]).push(c);
  const byDeadline = (a: CaseView, b: CaseView) =>
    a.promisedDeadline.localeCompare(b.promisedDeadline) || a.number.localeCompare(b.number);
  for (const level of LEVELS) open[level].sort(byDeadline);
  closed.sort((a, b) => b.number.localeCompare(a.number));
  return { open, closed };
}

/** The case's service item as the guide has it (its materials, its forms), if the centre still offers it. */
export function caseItemOf(
  services: readonly ServiceView[],
  c: Pick<CaseView, 'serviceId' | 'itemName'>,
): CaseItemView | undefined {
  const service = services.find((s) => s.id === c.serviceId);
  return service?.caseItems.find((i) => i.name === c.itemName);
}

/** The materials the case's service item asks for; the board offers them when asking what is missing. */
export function itemMaterials(
  services: readonly ServiceView[],
  c: Pick<CaseView, 'serviceId' | 'itemName'>,
): string[] {
  return caseItemOf(services, c)?.materials ?? [];
}
