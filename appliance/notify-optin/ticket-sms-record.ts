/**
 * A ticket's SMS reminder as the store keeps it: the number only masked (the full one went sealed
 * to central and was never kept), N, and central's latest word on how far the text got. Small live
 * state of the ticket's day: it leaves the live store with the ticket (compaction.ts closedOn), so
 * a restart of the appliance still shows "已送达" on the ticket's phone page.
 */
import type { NotifyDeliveryState } from '../../contract/notify.ts';

export interface TicketSmsRecord {
  kind: 'ticket-sms';
  /** The ticket's id. */
  id: string;
  /** The ticket's centre day. */
  day: string;
  /** 138****1234 */
  masked: string;
  ahead: number;
  delivery?: { state: NotifyDeliveryState; at: number };
}
