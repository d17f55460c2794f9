/** The scanner's verdict (a code from the appliance) in the screen's words. */
import type { TicketProgressView } from '../../contract/api.ts';
import type { Translator } from '../shared/i18n.ts';
import type { ScanNotice } from './flow.ts';

/** A scanned ticket says what its phone page says: where it stands. */
function ticketText(t: Translator, ticket: string, progress: TicketProgressView | undefined): string {
  const head = t('scan.ticket', { ticket });
  switch (progress?.state) {
    case 'waiting':
      return `${head} · ${t('scan.ticket.waiting', {
        count: progress.peopleAhead ?? 0,
        minutes: progress.estimatedWaitMin ?? 0,
      })}`;
    case 'called':
      return progress.counterNumber
        ? `${head} · ${t('scan.ticket.called', { counter: progress.counterNumber })}`
        : head;
    case 'done':
      return `${head} · ${t('scan.ticket.done')}`;
    case 'no-show':
      return `${head} · ${t('scan.ticket.noShow')}`;
    case 'other-day':
      return `${head} · ${t('scan.ticket.otherDay')}`;
    default:
      return head;
  }
}

export function scanNoticeText(t: Translator, notice: ScanNotice): string {
  switch (notice.verdict) {
    case 'receipt':
      return t('scan.receipt');
    case 'receipt-unknown':
      return t('scan.receipt-unknown');
    case 'ticket':
      return notice.ticketNumber ? ticketText(t, notice.ticketNumber, notice.progress) : t('scan.malformed');
    case 'appointment-checking-in':
      return t('scan.appointment.pending');
    case 'appointment-checked-in':
      return notice.ticketNumber
        ? t('scan.appointment.done', { ticket: notice.ticketNumber })
        : t('scan.appointment.failed');
    case 'appointment-refused':
      return t('scan.appointment.failed');
    case 'forged':
      return t('scan.forged');
    case 'expired':
      return t('scan.expired');
    case 'malformed':
      return t('scan.malformed');
    case 'foreign':
      return t('scan.foreign');
  }
}
