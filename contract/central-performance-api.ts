/**
 * 绩效评估 in the central console's HTTP API: the monthly scores and the scoring standard
 * (行政审批绩效评估量化标准) an admin edits. A standard is never changed in place: saving makes a
 * new version, in force from its month on, and every score is computed with the version in force
 * for its month.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Month, Nullable } from './central-shared.ts';

export const INDICATOR_IDS = [
  'on_time_rate',
  'overdue_per_100',
  'cards_per_100',
  'poor_rate',
  'rectified_on_time_rate',
  'visit_rate',
  'avg_wait_min',
  'avg_handle_min',
] as const;
export const IndicatorId = Type.Union(INDICATOR_IDS.map((id) => Type.Literal(id)));

/** An indicator's marks run linearly from all its weight (at `full`) to none (at `zero`). */
export const Indicator = Type.Object({
  id: IndicatorId,
  name: Type.String({ minLength: 1, maxLength: 60 }),
  weight: Type.Number({ minimum: 0, maximum: 100 }),
  full: Type.Number({ minimum: -1e6, maximum: 1e6 }),
  zero: Type.Number({ minimum: -1e6, maximum: 1e6 }),
});

export const ScoringStandard = Type.Object({
  version: Type.String({ minLength: 1, maxLength: 40 }),
  /** First month this version applies to. */
  from: Month,
  indicators: Type.Array(Indicator, { minItems: 1, maxItems: INDICATOR_IDS.length }),
});

/** A stored version and who made it (`null` for the versions the configuration ships). */
export const StandardVersion = Type.Composite([
  ScoringStandard,
  Type.Object({
    createdBy: Nullable(Type.String()),
    createdAt: Nullable(Type.String()),
    note: Nullable(Type.String()),
  }),
]);
export type StandardVersion = Static<typeof StandardVersion>;

export const StandardsResponse = Type.Object({
  /** Newest first. */
  versions: Type.Array(StandardVersion),
  /** The version in force for the month asked about (default: this month). */
  current: Type.String(),
  month: Month,
});
export type StandardsResponse = Static<typeof StandardsResponse>;

/** What an admin saves: the weights and thresholds, the month they start and why. */
export const SaveStandardRequest = Type.Object({
  from: Month,
  indicators: Type.Array(Indicator, { minItems: 1, maxItems: INDICATOR_IDS.length }),
  note: Type.String({ minLength: 1, maxLength: 500 }),
});
export type SaveStandardRequest = Static<typeof SaveStandardRequest>;

export const SaveStandardResponse = Type.Object({ version: Type.String(), from: Month });
export type SaveStandardResponse = Static<typeof SaveStandardResponse>;

const Figures = Type.Record(Type.String(), Nullable(Type.Number()));

export const ScoreRow = Type.Object({
  key: Type.String(),
  values: Figures,
  marks: Type.Record(Type.String(), Type.Number()),
  total: Type.Number(),
  rank: Type.Integer({ minimum: 1 }),
  previous: Nullable(Type.Number()),
});

export const PerformanceResponse = Type.Object({
  by: Type.Union([Type.Literal('centre'), Type.Literal('service'), Type.Literal('clerk')]),
  month: Month,
  standard: ScoringStandard,
  rows: Type.Array(ScoreRow),
});
export type PerformanceResponse = Static<typeof PerformanceResponse>;

export const PerformanceTrendResponse = Type.Object({
  months: Type.Array(Month),
  series: Type.Array(Type.Object({ month: Month, scores: Type.Record(Type.String(), Type.Number()) })),
});
export type PerformanceTrendResponse = Static<typeof PerformanceTrendResponse>;
