/**
 * SMS as central's console lists show them (取号明细 tickets, 差评整改 rectifications, fleet alerts,
 * and the messages of one ticket, case, appointment, rectification or alert): the recipient's role
 * and masked number, the text, and how far delivery got. Re-used by contract/central-*.ts.
 */
import { type Static, Type } from '@sinclair/typebox';

/**
 * A message's delivery state at central: queued → (held | deferred) → sending → submitted →
 * delivered, or it ends undelivered, expired, rejected (by the SMSC), refused (opted out, number
 * purged), failed (retries spent) or cancelled (booking cancelled or rescheduled).
 */
export const SmsMessageState = Type.Union([
  Type.Literal('queued'),
  Type.Literal('held'),
  Type.Literal('deferred'),
  Type.Literal('sending'),
  Type.Literal('retrying'),
  Type.Literal('submitted'),
  Type.Literal('delivered'),
  Type.Literal('undelivered'),
  Type.Literal('expired'),
  Type.Literal('rejected'),
  Type.Literal('refused'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);
export type SmsMessageState = Static<typeof SmsMessageState>;

/** A masked mobile: 138****1234. */
export const MaskedPhone = Type.String({ pattern: '^\\d{3}\\*{4}\\d{4}$' });

/** One SMS a listed row caused. */
export const SmsDelivery = Type.Object({
  /** 'resident', or the staff role (clerk, centre-head, supervisor, operator). */
  role: Type.String(),
  to: MaskedPhone,
  state: SmsMessageState,
  /** Why it is held, refused or failed ('opted-out (replied TD)', 'quiet hours', 'rescheduled'). */
  reason: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
  /** When it reached a final state (receipt, refusal, cancellation), epoch ms. */
  finalAt: Type.Union([Type.Integer(), Type.Null()]),
});
export type SmsDelivery = Static<typeof SmsDelivery>;

/**
 * The SMS of a page of rows, keyed by the row's reference: `kiosk|id` for tickets and
 * rectifications (their ids are per kiosk), the alert id for alerts. Rows without SMS are absent.
 */
export const SmsByRef = Type.Record(Type.String(), Type.Array(SmsDelivery));
export type SmsByRef = Static<typeof SmsByRef>;
