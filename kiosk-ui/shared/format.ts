/** Pure formatting shared by the three screens; no DOM, so it is unit-tested directly. */
import type { CallView, PublicState, ServiceView } from '../../contract/api.ts';
import type { Lang, Translator } from './i18n.ts';

export function formatWait(t: Translator, minutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  if (total === 0) return t('wait.none');
  if (total < 60) return t('wait.minutes', { min: total });
  return t('wait.hours', { h: Math.floor(total / 60), min: total % 60 });
}

export function callText(t: Translator, call: Pick<CallView, 'ticketNumber' | 'counterNumber'>): string {
  return t('call.text', { ticket: call.ticketNumber, counter: call.counterNumber });
}

const chineseDigits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * Ticket numbers are read digit by digit ("A零二三", "A 0 2 3"), the way halls announce them;
 * a speech engine left alone would read A023 as "A twenty-three" or "A二十三".
 */
export function spokenTicketNumber(lang: Lang, ticketNumber: string): string {
  const chars = [...ticketNumber].map((c) => {
    if (c >= '0' && c <= '9') return lang === 'zh-CN' ? chineseDigits[Number(c)] : c;
    return c.toUpperCase();
  });
  return lang === 'zh-CN' ? chars.join('') : chars.join(' ');
}

export function callSpeech(
  lang: Lang,
  t: Translator,
  call: Pick<CallView, 'ticketNumber' | 'counterNumber'>,
): string {
  return t('call.speech', {
    ticket: spokenTicketNumber(lang, call.ticketNumber),
    counter: call.counterNumber,
  });
}

export function serviceLabel(lang: Lang, service: Pick<ServiceView, 'name' | 'nameEn'>): string {
  return lang === 'en' && service.nameEn ? service.nameEn : service.name;
}

/** A ticket's service in the screen's language; the ticket itself carries only the Chinese name. */
export function ticketServiceLabel(
  lang: Lang,
  services: readonly Pick<ServiceView, 'id' | 'name' | 'nameEn'>[],
  ticket: { serviceId: string; serviceName: string },
): string {
  const service = services.find((s) => s.id === ticket.serviceId);
  return service ? serviceLabel(lang, service) : ticket.serviceName;
}

export function centreLabel(lang: Lang, kiosk: PublicState['kiosk']): string {
  return lang === 'en' && kiosk.centreNameEn ? kiosk.centreNameEn : kiosk.centreName;
}

/** Wall-clock time as HH:MM in the hall's local time. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function formatClockSeconds(epochMs: number): string {
  const d = new Date(epochMs);
  return `${formatClock(epochMs)}:${String(d.getSeconds()).padStart(2, '0')}`;
}

/** The board's date line: "12月1日 星期二" / "Tuesday 1 December". */
export function boardDate(lang: Lang, epochMs: number): string {
  return new Intl.DateTimeFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-GB', {
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(new Date(epochMs));
}

/** A stable identity for a call, so a repeated state push does not announce the same call twice. */
export function callKey(call: Pick<CallView, 'ticketNumber' | 'counterNumber' | 'calledAt'>): string {
  return `${call.ticketNumber}@${call.counterNumber}@${call.calledAt}`;
}

/** A rough age for staff screens: "45 秒", "12 分钟", "2 小时 5 分钟". */
export function formatDuration(t: Translator, ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return t('duration.seconds', { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('duration.minutes', { n: minutes });
  return t('duration.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}
