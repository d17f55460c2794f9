/** Pure helpers for the report page. */
import type { Translator } from '../shared/i18n.ts';
import type { DurationStatsView } from '../shared/proposed-api.ts';

export function medianMinutes(t: Translator, stats: DurationStatsView | null): string {
  if (!stats) return t('report.none');
  return t('report.minutes', { n: Math.round((stats.medianMs / 60_000) * 10) / 10 });
}

export function ratio(t: Translator, part: number | null): string {
  return part === null ? t('report.none') : `${Math.round(part * 100)}%`;
}

export function average(t: Translator, value: number | null): string {
  return value === null ? t('report.none') : value.toFixed(1);
}
