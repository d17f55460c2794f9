/** Plain-text rendering for the fleet console: a table for `ls`, a block for `show`. */
export { ago } from './local-time.ts';

import type { Telemetry } from '../../contract/mqtt.ts';
import type { KioskView } from './kiosk-view.ts';
import { ago, localWithAgo } from './local-time.ts';
import type { TxSummary } from './tx-summary.ts';

function duration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}m`;
  return `${Math.round(ms / 3_600_000)}h`;
}

const device = (d: Telemetry['printer'] | undefined): string =>
  d ? d.state + (d.detail ? ` (${d.detail})` : '') : '-';

const outbox = (t: Telemetry | undefined): string =>
  t ? (t.outbox.depth === 0 ? '0' : `${t.outbox.depth} (oldest ${duration(t.outbox.oldestAgeMs)})`) : '-';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Telemetry older than this on a kiosk that claims to be online means something is wrong. */
export const DEFAULT_SILENT_AFTER_MS = 3 * 60_000;

/**
 * `online`, or `online, silent 12m` when the kiosk's telemetry has stopped although no will
 * has fired (a hung agent, or a half-open link the broker has not noticed yet).
 */
export function stateLabel(v: KioskView, now: number, silentAfterMs = DEFAULT_SILENT_AFTER_MS): string {
  if (v.state !== 'online' || !v.telemetry || now - v.telemetry.ts <= silentAfterMs) return v.state;
  return `online, silent ${ago(v.telemetry.ts, now).replace(' ago', '')}`;
}

export function formatKioskTable(
  views: Array<KioskView & { site?: string; faults?: readonly string[] }>,
  now: number,
  silentAfterMs = DEFAULT_SILENT_AFTER_MS,
): string {
  if (views.length === 0) return 'no kiosks known';
  const rows = views.map((v) => [
    v.kioskId,
    v.site ?? '-',
    stateLabel(v, now, silentAfterMs),
    localWithAgo(v.since, now),
    v.sess === undefined ? '-' : String(v.sess),
    localWithAgo(v.lastSeen, now),
    v.version ?? '-',
    device(v.telemetry?.printer),
    device(v.telemetry?.reader),
    outbox(v.telemetry),
    device(v.telemetry?.scanner),
    v.faults?.length ? v.faults.join(',') : '-',
  ]);
  return table(
    [
      'KIOSK',
      'SITE',
      'STATE',
      'SINCE',
      'SESS',
      'LAST SEEN',
      'VERSION',
      'PRINTER',
      'READER',
      'OUTBOX',
      'SCANNER',
      'FAULTS',
    ],
    rows,
  );
}

/** `8 stored, seq 1..10, 2 missing`: a gap means transactions still on their way (or lost). */
function storedLine(tx: TxSummary): string {
  if (tx.count === 0) return '0 stored';
  const missing = tx.maxSeq - tx.minSeq + 1 - tx.count;
  return `${tx.count} stored, seq ${tx.minSeq}..${tx.maxSeq}${missing > 0 ? `, ${missing} missing` : ''}`;
}

export function formatKioskDetail(view: KioskView, tx: TxSummary | undefined, now: number): string {
  const t = view.telemetry;
  const lines: Array<[string, string]> = [
    ['kiosk', view.kioskId],
    [
      'state',
      `${stateLabel(view, now)}${view.reason ? ` (${view.reason})` : ''} since ${localWithAgo(view.since, now)}`,
    ],
    ['session', view.sess === undefined ? '-' : String(view.sess)],
    ['last seen', localWithAgo(view.lastSeen, now)],
    ['version', view.version ?? '-'],
    ['printer', device(t?.printer)],
    ['reader', device(t?.reader)],
    ['scanner', device(t?.scanner)],
    ['outbox', outbox(t)],
    ['queue waiting', t ? String(t.queue.waiting) : '-'],
    ['telemetry', t ? ago(t.ts, now) : 'none'],
  ];
  if (tx) {
    lines.push(
      ['transactions', storedLine(tx)],
      ['last received', tx.count ? localWithAgo(tx.lastReceivedAt, now) : '-'],
    );
    if (tx.rejected > 0) lines.push(['rejected', `${tx.rejected}, latest: ${tx.lastRejectedWhy ?? '?'}`]);
  } else {
    lines.push(['transactions', 'none stored (or no --db)']);
  }
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
