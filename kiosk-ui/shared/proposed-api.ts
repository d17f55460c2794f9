/**
 * What the screens read from the appliance that contract/api.ts does not describe yet. These are
 * PROPOSED contract additions (listed in the ui report); everything else comes from the contract.
 */

/** Waiting or handling times of a day, as the appliance's report gives them. */
export interface DurationStatsView {
  count: number;
  meanMs: number;
  medianMs: number;
}

/** One scope's figures in `GET /api/staff/report?day=` (the appliance's DayPerformance). */
export interface FiguresView {
  ticketsServed: number;
  noShows: number;
  noShowRate: number | null;
  waiting: DurationStatsView | null;
  handling: DurationStatsView | null;
  casesAccepted: number;
  casesCompleted: number;
  casesCompletedLate: number;
  overdueRate: number | null;
  ratingCount: number;
  ratingAverage: number | null;
}

/** The answer of `GET /api/staff/report?day=`: overall, then per counter, clerk and service id. */
export interface DayReportView {
  day: string;
  overall: FiguresView;
  byCounter: Record<string, FiguresView>;
  byClerk: Record<string, FiguresView>;
  byService: Record<string, FiguresView>;
}

/** The error code the client reports when the appliance does not have an endpoint. */
export function isNotImplemented(code: string, status: number): boolean {
  return status === 404 || status === 405 || status === 501 || code === 'route.unknown';
}
