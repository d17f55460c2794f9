/** The scanner's verdict (a code from the appliance) in the screen's words. */
import type { Translator } from '../shared/i18n.ts';
import type { ScanNotice } from './flow.ts';

export function scanNoticeText(t: Translator, notice: ScanNotice): string {
  switch (notice.verdict) {
    case 'receipt':
      return t('scan.receipt');
    case 'receipt-unknown':
      return t('scan.receipt-unknown');
    case 'ticket':
      return notice.ticketNumber ? t('scan.ticket', { ticket: notice.ticketNumber }) : t('scan.malformed');
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
