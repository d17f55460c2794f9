/** The scanner's verdict in the screen's words (the appliance's own message is not shown). */
import type { Translator } from '../shared/i18n.ts';
import type { ScanNotice } from './flow.ts';

export function scanNoticeText(t: Translator, notice: ScanNotice): string {
  switch (notice.verdict) {
    case 'receipt':
      return t('scan.receipt');
    case 'ticket':
      return notice.ticketNumber ? t('scan.ticket', { ticket: notice.ticketNumber }) : t('scan.malformed');
    case 'appointment':
      if (notice.ticketNumber) return t('scan.appointment.done', { ticket: notice.ticketNumber });
      // Until the appliance sends a verdict code for a failed check-in, "still checking in" is the
      // message that ends in an ellipsis; anything else without a number is a failure.
      return /…$/.test(notice.message) ? t('scan.appointment.pending') : t('scan.appointment.failed');
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
