/**
 * From an event to messages: who receives it (subscribed residents, or staff from the directory),
 * what it says, and when it may go. Each message is stored with its reference and a dedupe key,
 * and its send job is queued in the same database transaction.
 */
import type { SqlRunner } from '../db/central-db.ts';
import type { NotifyConfig } from './config.ts';
import { isOptedOut, savePhone } from './contacts.ts';
import { centreOf, staffFor } from './directory.ts';
import type { MessageKind, NotifyEvent, RefType, StaffRole } from './events.ts';
import { endOfLocalDay, formatLocal, nextLocalTime, parseHhMm } from './local-time.ts';
import { insertMessage, type MessageState, SENDABLE } from './message-store.ts';
import { reminderHeldFor, reminderPendingFor } from './pending-reminders.ts';
import { normalisePhone } from './phone.ts';
import type { PhoneVault } from './phone-vault.ts';
import { KIND_AUDIENCE, KIND_TTL_MS, quietUntil } from './policy.ts';
import { countParts } from './segments.ts';
import { addSubscription, keepSubscriptionsUntil, markFired, subscribersOf } from './subscriptions.ts';
import { renderMessage, type TemplateParams } from './templates.ts';

export interface EnqueueContext {
  db: SqlRunner;
  vault: PhoneVault;
  config: NotifyConfig;
  now: number;
  /** Queues the send job for `messageId` through `db` (the same transaction), after `delayMs`. */
  queueJob(db: SqlRunner, messageId: string, delayMs: number): Promise<void>;
}

interface Recipient {
  role: StaffRole | 'resident';
  hash: Buffer;
  masked: string;
}

interface Planned {
  kind: MessageKind;
  refType: RefType;
  refId: string;
  kioskId?: string;
  recipients: Recipient[];
  params: TemplateParams;
  notBefore?: number;
  expiresAt?: number;
}

export interface Enqueued {
  id: string;
  kind: MessageKind;
  to: string;
  state: MessageState;
  reason?: string;
}

async function staff(
  ctx: EnqueueContext,
  centreId: string,
  wants: Array<[StaffRole, string?]>,
): Promise<Recipient[]> {
  const out = new Map<string, Recipient>();
  for (const [role, ref] of wants) {
    for (const s of await staffFor(ctx.db, role, centreId, ref)) {
      const key = s.hash.toString('hex');
      if (!out.has(key)) out.set(key, { role, hash: s.hash, masked: s.masked });
    }
  }
  return [...out.values()];
}

async function residents(ctx: EnqueueContext, refType: RefType, refId: string): Promise<Recipient[]> {
  return (await subscribersOf(ctx.db, refType, refId, ctx.now)).map((s) => ({
    role: 'resident' as const,
    hash: s.hash,
    masked: s.masked,
  }));
}

async function plan(ctx: EnqueueContext, e: NotifyEvent): Promise<Planned[]> {
  const tz = ctx.config.timeZone;
  switch (e.kind) {
    case 'queue.ahead': {
      const due = (await subscribersOf(ctx.db, 'ticket', e.ticketId, ctx.now)).filter(
        (s) => s.firedAt === null && s.ahead !== null && e.ahead <= s.ahead,
      );
      const recipients: Recipient[] = [];
      for (const s of due) {
        if (await markFired(ctx.db, s.id, ctx.now))
          recipients.push({ role: 'resident', hash: s.hash, masked: s.masked });
      }
      const centre = await centreOf(ctx.db, e.kioskId);
      return [
        {
          kind: 'queue.ahead',
          refType: 'ticket',
          refId: e.ticketId,
          kioskId: e.kioskId,
          recipients,
          params: { centre: centre.name, number: e.number, ahead: e.ahead },
        },
      ];
    }
    case 'appointment.booked': {
      // A booking again under the same ID at another time is a reschedule: the reminder still
      // waiting for the old time goes, the new time gets its own (the same time again changes nothing).
      await ctx.db.query(
        `UPDATE notify_message SET state = 'cancelled', reason = 'rescheduled', final_at = $3
         WHERE ref_type = 'appointment' AND ref_id = $1 AND kiosk_id = $4 AND kind = 'appointment.reminder'
           AND state = ANY($2::text[]) AND expires_at IS DISTINCT FROM $5`,
        [e.appointmentId, SENDABLE, ctx.now, e.kioskId, e.startsAt],
      );
      const recipients: Recipient[] = [];
      if (e.phone !== undefined) {
        const stored = await addSubscription(
          ctx.db,
          ctx.vault,
          {
            refType: 'appointment',
            refId: e.appointmentId,
            kioskId: e.kioskId,
            phone: normalisePhone(e.phone),
            number: e.appointmentId,
            keepUntil: e.startsAt + 86_400_000,
          },
          ctx.now,
        );
        // A booking never lifts a TD: anyone at the kiosk or the counter may type any number.
        // One reminder waits per number per kiosk, so a screen cannot text a number over and over.
        if (!(await reminderPendingFor(ctx.db, e.kioskId, stored.hash, e.appointmentId)))
          recipients.push({ role: 'resident', hash: stored.hash, masked: stored.masked });
      } else {
        // Rescheduled without the number again: the one given at booking, kept for the new time.
        await keepSubscriptionsUntil(ctx.db, 'appointment', e.appointmentId, e.startsAt + 86_400_000);
        recipients.push(...(await residents(ctx, 'appointment', e.appointmentId)));
      }
      if (recipients.length === 0) return [];
      const dayBefore = endOfLocalDay(e.startsAt, tz) - 2 * 86_400_000;
      const remindAt = Math.max(ctx.now, nextLocalTime(dayBefore, parseHhMm(ctx.config.reminderAt), tz));
      if (remindAt > e.startsAt - 3600_000) return [];
      // The same time again (also under an older dedupe key, from before reschedules): already held.
      if (await reminderHeldFor(ctx.db, e.kioskId, e.appointmentId, e.startsAt)) return [];
      const centre = await centreOf(ctx.db, e.kioskId);
      return [
        {
          kind: 'appointment.reminder',
          refType: 'appointment',
          refId: e.appointmentId,
          kioskId: e.kioskId,
          recipients,
          params: {
            centre: centre.name,
            service: e.serviceName,
            when: formatLocal(e.startsAt, tz, 'datetime'),
          },
          notBefore: remindAt,
          expiresAt: e.startsAt,
        },
      ];
    }
    case 'appointment.cancelled':
      await ctx.db.query(
        `UPDATE notify_message SET state = 'cancelled', final_at = $3
         WHERE ref_type = 'appointment' AND ref_id = $1 AND kiosk_id = $4 AND state = ANY($2::text[])`,
        // A booking ID is a kiosk's own: another kiosk's booking with the same ID keeps its reminder.
        [e.appointmentId, SENDABLE, ctx.now, e.kioskId],
      );
      return [];
    case 'case.supplement':
    case 'case.decided': {
      const centre = await centreOf(ctx.db, e.kioskId);
      // A closed case's personal data is kept for the retention from its closing (as on the appliance).
      if (e.kind === 'case.decided')
        await keepSubscriptionsUntil(
          ctx.db,
          'case',
          e.caseId,
          ctx.now + ctx.config.retentionDays * 86_400_000,
        );
      const kind: MessageKind =
        e.kind === 'case.supplement'
          ? 'case.supplement'
          : e.outcome === 'completed'
            ? 'case.completed'
            : 'case.refused';
      return [
        {
          kind,
          refType: 'case',
          refId: e.caseId,
          kioskId: e.kioskId,
          recipients: await residents(ctx, 'case', e.caseId),
          params: {
            centre: centre.name,
            pickup: centre.pickup,
            number: e.caseNumber,
            ...(e.kind === 'case.supplement' ? { materials: e.missingMaterials } : {}),
          },
        },
      ];
    }
    case 'case.level': {
      const centre = await centreOf(ctx.db, e.kioskId);
      const wants: Array<[StaffRole, string?]> =
        e.level === 'warning'
          ? [
              ['clerk', e.clerk],
              ['centre-head', undefined],
            ]
          : [
              ['centre-head', undefined],
              ['supervisor', undefined],
            ];
      return [
        {
          kind: `case.${e.level}`,
          refType: 'case',
          refId: e.caseId,
          kioskId: e.kioskId,
          recipients: await staff(ctx, e.kioskId, wants),
          params: {
            centre: centre.name,
            number: e.caseNumber,
            item: e.itemName ?? '事项',
            deadline: e.deadline,
          },
        },
      ];
    }
    case 'rectification.assigned':
    case 'rectification.overdue': {
      const centre = await centreOf(ctx.db, e.kioskId);
      const wants: Array<[StaffRole, string?]> =
        e.kind === 'rectification.assigned'
          ? [
              ['centre-head', undefined],
              ['clerk', e.clerk],
            ]
          : [
              ['centre-head', undefined],
              ['supervisor', undefined],
            ];
      return [
        {
          kind: e.kind,
          refType: 'rectification',
          refId: e.rectificationId,
          kioskId: e.kioskId,
          recipients: await staff(ctx, e.kioskId, wants),
          params: { centre: centre.name, id: e.rectificationId, deadline: e.dueDay },
        },
      ];
    }
    case 'fleet.alert': {
      const centre = await centreOf(ctx.db, e.kioskId);
      const recipients = await staff(ctx, e.kioskId, [['operator', undefined]]);
      if (e.siteId) {
        for (const r of await staff(ctx, e.siteId, [['operator', undefined]])) {
          if (!recipients.some((x) => x.hash.equals(r.hash))) recipients.push(r);
        }
      }
      return [
        {
          kind: 'fleet.alert',
          refType: 'alert',
          refId: e.alertId,
          kioskId: e.kioskId,
          recipients,
          params: {
            centre: centre.name,
            kiosk: e.kioskId,
            summary: e.summary,
            when: formatLocal(e.raisedAt, tz, 'time'),
          },
        },
      ];
    }
  }
}

/** Stores one message per recipient and queues each one that may be sent. */
export async function enqueueEvent(ctx: EnqueueContext, e: NotifyEvent): Promise<Enqueued[]> {
  const out: Enqueued[] = [];
  // A reminder is one per appointment time: a reschedule under the same booking ID makes a new one.
  const eventId = e.kind === 'appointment.booked' ? `${e.eventId ?? ''}@${e.startsAt}` : e.eventId;
  for (const p of await plan(ctx, e)) {
    const body = renderMessage(ctx.config.signature, p.kind, p.params);
    for (const r of p.recipients) out.push(...(await store(ctx, p, r, body, eventId)));
  }
  return out;
}

async function store(
  ctx: EnqueueContext,
  p: Planned,
  r: Recipient,
  body: string,
  eventId = '',
): Promise<Enqueued[]> {
  const optedOut = await isOptedOut(ctx.db, r.hash);
  const earliest = Math.max(ctx.now, p.notBefore ?? ctx.now);
  const quiet = quietUntil(ctx.config, p.kind, earliest);
  const notBefore = quiet ?? earliest;
  const ttl = KIND_TTL_MS[p.kind];
  const expiresAt = p.expiresAt ?? (ttl !== undefined ? ctx.now + ttl : undefined);
  const state: MessageState = optedOut ? 'refused' : notBefore > ctx.now ? 'held' : 'queued';
  const reason = optedOut
    ? 'opted-out (replied TD)'
    : quiet
      ? 'quiet hours'
      : notBefore > ctx.now
        ? 'scheduled'
        : undefined;
  const id = await insertMessage(ctx.db, {
    dedupeKey: [p.kind, p.refType, p.refId, eventId, r.role, r.hash.toString('hex')].join('|'),
    kind: p.kind,
    refType: p.refType,
    refId: p.refId,
    ...(p.kioskId ? { kioskId: p.kioskId } : {}),
    audience: KIND_AUDIENCE[p.kind],
    role: r.role,
    phoneHash: r.hash,
    masked: r.masked,
    body,
    segments: countParts(body),
    urgent: ctx.config.sendDuringQuietHours.includes(p.kind),
    state,
    ...(reason ? { reason } : {}),
    notBefore,
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    createdAt: ctx.now,
  });
  if (!id) return [];
  if (state !== 'refused') await ctx.queueJob(ctx.db, id, notBefore - ctx.now);
  return [{ id, kind: p.kind, to: r.masked, state, ...(reason ? { reason } : {}) }];
}

/** A one-off message to a number (`shequ notify test-send`), through the same queue and checks. */
export async function enqueueTest(ctx: EnqueueContext, phone: string, text: string): Promise<Enqueued[]> {
  const stored = await savePhone(ctx.db, ctx.vault, normalisePhone(phone), ctx.now);
  const p: Planned = {
    kind: 'test',
    refType: 'test',
    refId: String(ctx.now),
    recipients: [],
    params: { centre: '', text },
  };
  return store(
    ctx,
    p,
    { role: 'resident', hash: stored.hash, masked: stored.masked },
    renderMessage(ctx.config.signature, 'test', { centre: '', text }),
  );
}
