/**
 * What central tells the notification service. Ingest and the projections call
 * `notifier.onTransaction(tx)` with every stored kiosk transaction (case and ticket changes are
 * mapped here), and `notifier.notifyOn(event)` for what only central knows: appointments booked
 * centrally, rectifications overdue, fleet alerts. `eventId` makes a repeated call a no-op.
 */

export type CaseLevel = 'warning' | 'yellow' | 'red';

interface Base {
  /** Idempotency: the same event (e.g. the same transaction) never makes a second message. */
  eventId?: string;
}

export type NotifyEvent = Base &
  (
    | { kind: 'queue.ahead'; kioskId: string; ticketId: string; number: string; ahead: number }
    | {
        kind: 'appointment.booked';
        kioskId: string;
        appointmentId: string;
        serviceName: string;
        /** Epoch ms of the appointment's start. Booked again at another time: a reschedule. */
        startsAt: number;
        /** The resident's mobile; absent on a reschedule, which keeps the number given at booking. */
        phone?: string;
      }
    | { kind: 'appointment.cancelled'; kioskId: string; appointmentId: string }
    | {
        kind: 'case.supplement';
        kioskId: string;
        caseId: string;
        caseNumber: string;
        missingMaterials: string[];
      }
    | {
        kind: 'case.decided';
        kioskId: string;
        caseId: string;
        caseNumber: string;
        outcome: 'completed' | 'refused';
      }
    | {
        kind: 'case.level';
        kioskId: string;
        caseId: string;
        caseNumber: string;
        level: CaseLevel;
        clerk?: string;
        itemName?: string;
        /** Promised (warning, yellow) or legal (red) deadline, YYYY-MM-DD. */
        deadline: string;
      }
    | {
        kind: 'rectification.assigned';
        kioskId: string;
        rectificationId: string;
        dueDay: string;
        clerk?: string;
      }
    | { kind: 'rectification.overdue'; kioskId: string; rectificationId: string; dueDay: string }
    | {
        kind: 'fleet.alert';
        kioskId: string;
        alertId: string;
        summary: string;
        raisedAt: number;
        siteId?: string;
      }
  );

/** What a message is about; the console shows a message on the page of its reference. */
export type RefType = 'ticket' | 'case' | 'appointment' | 'rectification' | 'alert' | 'test';

export type MessageKind =
  | 'queue.ahead'
  | 'appointment.reminder'
  | 'case.supplement'
  | 'case.completed'
  | 'case.refused'
  | 'case.warning'
  | 'case.yellow'
  | 'case.red'
  | 'rectification.assigned'
  | 'rectification.overdue'
  | 'fleet.alert'
  | 'test';

export type StaffRole = 'clerk' | 'centre-head' | 'supervisor' | 'operator';
export const STAFF_ROLES: readonly StaffRole[] = ['clerk', 'centre-head', 'supervisor', 'operator'];
