/**
 * 绩效评估: the quantified scoring standard (行政审批绩效评估量化标准) as configuration — versioned,
 * each indicator with its weight and the two thresholds between which its marks run linearly
 * (`full`: all the weight; `zero`: none). A month is scored with the standard in force for it.
 */
export type IndicatorId =
  | 'on_time_rate'
  | 'overdue_per_100'
  | 'cards_per_100'
  | 'poor_rate'
  | 'rectified_on_time_rate'
  | 'visit_rate'
  | 'avg_wait_min'
  | 'avg_handle_min';

export interface Indicator {
  id: IndicatorId;
  name: string;
  weight: number;
  full: number;
  zero: number;
}

export interface ScoringStandard {
  version: string;
  /** First month ('YYYY-MM') this version applies to. */
  from: string;
  indicators: Indicator[];
}

export const DEFAULT_STANDARDS: ScoringStandard[] = [
  {
    version: '2025.1',
    from: '2000-01',
    indicators: [
      { id: 'on_time_rate', name: '按时办结率(%)', weight: 25, full: 100, zero: 80 },
      { id: 'overdue_per_100', name: '每百件超期办结数', weight: 10, full: 0, zero: 10 },
      { id: 'cards_per_100', name: '每百件黄红牌数', weight: 15, full: 0, zero: 10 },
      { id: 'poor_rate', name: '差评率(%)', weight: 15, full: 0, zero: 10 },
      { id: 'rectified_on_time_rate', name: '差评按时整改率(%)', weight: 10, full: 100, zero: 50 },
      { id: 'visit_rate', name: '差评回访率(%)', weight: 10, full: 100, zero: 50 },
      { id: 'avg_wait_min', name: '平均等候(分钟)', weight: 10, full: 10, zero: 40 },
      { id: 'avg_handle_min', name: '平均办理(分钟)', weight: 5, full: 8, zero: 30 },
    ],
  },
];

/** The version in force for `month`: the latest start on or before it; of two with one start, the later saved. */
export function standardFor(month: string, standards: readonly ScoringStandard[]): ScoringStandard {
  const applicable = [...standards]
    .reverse()
    .filter((s) => s.from <= month)
    .sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0));
  const s = applicable[0];
  if (!s) throw new Error(`no scoring standard applies to ${month}`);
  return s;
}

/** Marks for one indicator: the weight at `full`, 0 at `zero`, linear between; no value, no marks lost. */
export function marks(ind: Indicator, value: number | null): number {
  if (value === null) return ind.weight;
  const share = (value - ind.zero) / (ind.full - ind.zero);
  return Math.round(ind.weight * Math.min(1, Math.max(0, share)) * 10) / 10;
}

export function checkStandards(standards: readonly ScoringStandard[]): void {
  for (const s of standards) {
    const total = s.indicators.reduce((n, i) => n + i.weight, 0);
    if (Math.abs(total - 100) > 1e-9)
      throw new Error(`scoring standard ${s.version}: weights add up to ${total}, not 100`);
    for (const i of s.indicators)
      if (i.full === i.zero) throw new Error(`${s.version}/${i.id}: full and zero are equal`);
  }
}
