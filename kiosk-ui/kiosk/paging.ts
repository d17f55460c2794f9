/** Split a list into pages; elderly mode shows fewer choices per screen. */
export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
}

export function pageOf<T>(items: readonly T[], page: number, perPage: number): Page<T> {
  const size = Math.max(1, Math.floor(perPage));
  const pages = Math.max(1, Math.ceil(items.length / size));
  const clamped = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return { items: items.slice(clamped * size, clamped * size + size), page: clamped, pages };
}

export const SERVICES_PER_PAGE = { standard: 12, elderly: 4 } as const;
