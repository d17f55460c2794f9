/** The notification service's settings, with the defaults a district starts from. */

export interface NotifyConfig {
  /** The sender's 签名, shown as 【…】 at the start of every message (operators require it). */
  signature: string;
  timeZone: string;
  /** Local wall-clock times; null switches quiet hours off. */
  quietHours: { start: string; end: string } | null;
  /** Kinds that go out during quiet hours anyway (they are about now). */
  sendDuringQuietHours: string[];
  perRecipient: { perHour: number; perDay: number };
  /** Appointment reminders go out the day before at this local time. */
  reminderAt: string;
  retry: { limit: number; delaySeconds: number; maxDelaySeconds: number };
  /** Messages and subscriptions not tied to a case are dropped after this many days. */
  retentionDays: number;
}

export const DEFAULT_NOTIFY_CONFIG: NotifyConfig = {
  signature: '社区服务',
  timeZone: 'Asia/Shanghai',
  quietHours: { start: '21:00', end: '08:00' },
  sendDuringQuietHours: ['queue.ahead', 'fleet.alert', 'test'],
  perRecipient: { perHour: 5, perDay: 20 },
  reminderAt: '10:00',
  retry: { limit: 8, delaySeconds: 5, maxDelaySeconds: 600 },
  retentionDays: 180,
};

export function notifyConfig(overrides: Partial<NotifyConfig> = {}): NotifyConfig {
  return { ...DEFAULT_NOTIFY_CONFIG, ...overrides };
}
