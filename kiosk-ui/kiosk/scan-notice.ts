/** The sentence a scan verdict shows on the kiosk, in the screen's language. */
import type { ScanView } from '../../contract/api.ts';
import type { MessageKey, Translator } from '../shared/i18n.ts';

const REFUSALS: Record<string, MessageKey> = {
  'appointment.wrong-day': 'scan.appointment-refused.wrong-day',
  'appointment.already-checked-in': 'scan.appointment-refused.already-checked-in',
  'appointment.expired': 'scan.expired',
};

export function scanNoticeText(scan: ScanView, t: Translator): string {
  const number = scan.ticketNumber ?? scan.receiptNo ?? '';
  switch (scan.verdict) {
    case 'appointment-refused':
      return t((scan.reason && REFUSALS[scan.reason]) || 'scan.appointment-refused');
    default:
      return t(`scan.${scan.verdict}`, { number });
  }
}
