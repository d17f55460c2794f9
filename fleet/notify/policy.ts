/** When a message may go: quiet hours, its time to live, its audience. */
import type { NotifyConfig } from './config.ts';
import type { MessageKind } from './events.ts';
import { minutesOfDay, nextLocalTime, parseHhMm } from './local-time.ts';

export type Audience = 'resident' | 'staff' | 'operator';

export const KIND_AUDIENCE: Record<MessageKind, Audience> = {
  'queue.ahead': 'resident',
  'appointment.reminder': 'resident',
  'case.supplement': 'resident',
  'case.completed': 'resident',
  'case.refused': 'resident',
  'case.warning': 'staff',
  'case.yellow': 'staff',
  'case.red': 'staff',
  'rectification.assigned': 'staff',
  'rectification.overdue': 'staff',
  'fleet.alert': 'operator',
  test: 'operator',
};

/** How long a message stays worth sending; after that it is dropped as expired. */
export const KIND_TTL_MS: Partial<Record<MessageKind, number>> = {
  'queue.ahead': 30 * 60_000,
  'fleet.alert': 6 * 3600_000,
  test: 3600_000,
};

/** Until when `kind` must wait at `now` (quiet hours), or undefined if it may go now. */
export function quietUntil(config: NotifyConfig, kind: MessageKind, now: number): number | undefined {
  const q = config.quietHours;
  if (!q || config.sendDuringQuietHours.includes(kind)) return undefined;
  const start = parseHhMm(q.start);
  const end = parseHhMm(q.end);
  const m = minutesOfDay(now, config.timeZone);
  const inside = start <= end ? m >= start && m < end : m >= start || m < end;
  return inside ? nextLocalTime(now, end, config.timeZone) : undefined;
}
