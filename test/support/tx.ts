/** Synthetic kiosk transactions for tests, with bodies valid for their type; no personal data in them. */
import { monotonicFactory } from 'ulid';
import type { TxDraft, TxEnvelope, TxType } from '../../contract/mqtt.ts';

const nextUlid = monotonicFactory();

/** A body of the given type for the ticket with this sequence number. */
export function sampleDraft(type: TxType, seq: number, ts = Date.now()): TxDraft {
  const ticket = { ticketId: `T${seq}`, number: `A${String(seq).padStart(3, '0')}` };
  const day = new Date(ts).toISOString().slice(0, 10);
  switch (type) {
    case 'ticket.issued':
      return {
        type,
        body: { ...ticket, serviceId: 'social-security', priority: false, day, issuedAt: ts },
      };
    case 'ticket.called':
      return {
        type,
        body: {
          ...ticket,
          counterId: 'w1',
          counterNumber: 1,
          clerk: 'clerk',
          calledAt: ts,
          waitedMs: 0,
          finished: [],
        },
      };
    case 'ticket.recalled':
      return { type, body: { ...ticket, counterId: 'w1', clerk: 'clerk', recalls: 1, at: ts } };
    case 'ticket.transferred':
      return {
        type,
        body: {
          ...ticket,
          fromCounterId: 'w1',
          toServiceId: 'consult',
          position: 'back',
          clerk: 'clerk',
          at: ts,
        },
      };
    case 'ticket.no-show':
      return { type, body: { ...ticket, counterId: 'w1', clerk: 'clerk', at: ts } };
    case 'ticket.requeued':
      return {
        type,
        body: {
          ...ticket,
          serviceId: 'social-security',
          position: 'back',
          requeues: 1,
          clerk: 'clerk',
          at: ts,
        },
      };
    case 'ticket.completed':
      return { type, body: { tickets: [{ ...ticket, finishedAt: ts }], counterId: 'w1', clerk: 'clerk' } };
    case 'case.accepted':
    case 'case.changed':
      return {
        type,
        body: {
          caseId: `C${seq}`,
          number: `${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`,
          change: type === 'case.accepted' ? 'accepted' : 'start',
          state: type === 'case.accepted' ? 'accepted' : 'in-progress',
          level: 'normal',
          worstLevel: 'normal',
          serviceId: 'social-security',
          itemId: 'ssc-new',
          applicantRef: 'ref-test',
          clerk: 'clerk',
          acceptedDay: day,
          legalLimitDays: 20,
          promisedLimitDays: 10,
          pausedWorkingDays: 0,
          promisedDeadline: day,
          legalDeadline: day,
          provisional: false,
        },
      };
    case 'rating.given':
      return {
        type,
        body: {
          ratingId: `ticket:T${seq}:social-security`,
          subject: { kind: 'ticket', id: `T${seq}` },
          serviceId: 'social-security',
          score: 1 + (seq % 5),
          day,
        },
      };
    case 'device.alarm':
      return { type, body: { device: 'printer', state: 'warning', detail: 'paper near end', at: ts } };
    case 'notice.replied':
      return { type, body: { noticeId: String(seq), text: '已整改，按时办结。', day, clerk: 'clerk' } };
    case 'rectification.answered':
      return {
        type,
        body: { ratingId: `case:C-${seq}:svc`, text: '已约谈窗口人员并整改。', day, clerk: 'clerk' },
      };
    case 'appointment.booked':
      return {
        type,
        body: {
          appointmentId: `AP-${seq}`,
          serviceId: 'social-security',
          serviceName: '社保',
          day,
          slot: '09:30',
          bookedBy: 'kiosk',
        },
      };
  }
}

export function makeTx(kiosk: string, seq: number, type: TxType = 'ticket.issued'): TxEnvelope {
  const ts = Date.now();
  return { v: 1, kiosk, txId: nextUlid(), seq, ts, ...sampleDraft(type, seq, ts) };
}
