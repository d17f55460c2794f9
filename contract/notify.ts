/**
 * The wire for SMS opt-in at the kiosk ("text me when my turn is near", "text me about my case").
 * The resident types a phone number on the kiosk's keypad; the kiosk seals it at once to central's
 * notification key (X25519 + AES-256-GCM, platform/sealed-phone.ts) and publishes the request live,
 * never through the outbox: the offer is shown only while the uplink is up, the sealed number is
 * held in memory until central answers, and nothing of it is written to the kiosk's disk.
 *
 *   central → retained  v1/fleet/notify/key                 NotifySealingKey
 *   kiosk   → QoS 1     v1/kiosks/{id}/notify/subscribe     NotifySubscribeRequest
 *   central → QoS 1     v1/kiosks/{id}/notify/res           NotifySubscribeResult (MQTT 5 correlation data = requestId)
 *   central → QoS 1     v1/kiosks/{id}/notify/res           NotifyDeliveryUpdate (how far a ticket's SMS got)
 *
 * The delivery updates ride the answer topic the kiosk already reads (and the broker's ACL already
 * lets central write): the ticket's phone page says whether its "turn near" text went out.
 */
import { type Static, Type } from '@sinclair/typebox';

export const notifyTopics = {
  sealingKey: 'v1/fleet/notify/key',
  subscribe: (kioskId: string) => `v1/kiosks/${kioskId}/notify/subscribe`,
  result: (kioskId: string) => `v1/kiosks/${kioskId}/notify/res`,
  allSubscribe: '$share/notify/v1/kiosks/+/notify/subscribe',
} as const;

/** Central's public key for sealing phone numbers; retained, replaced when the key rotates. */
export const NotifySealingKey = Type.Object({
  kid: Type.String({ minLength: 1, maxLength: 32 }),
  /** Raw 32-byte X25519 public key, base64. */
  publicKey: Type.String({ minLength: 43, maxLength: 44 }),
  ts: Type.Integer(),
});
export type NotifySealingKey = Static<typeof NotifySealingKey>;

/** A phone number sealed to central: only central's private key opens it. */
export const SealedPhone = Type.Object({
  kid: Type.String({ minLength: 1, maxLength: 32 }),
  /** Ephemeral X25519 public key, raw, base64. */
  epk: Type.String({ minLength: 43, maxLength: 44 }),
  iv: Type.String({ minLength: 16, maxLength: 16 }),
  ct: Type.String({ minLength: 1, maxLength: 64 }),
  tag: Type.String({ minLength: 22, maxLength: 24 }),
});
export type SealedPhone = Static<typeof SealedPhone>;

export const NotifySubscribeRequest = Type.Object({
  v: Type.Literal(1),
  /** 16 random bytes as hex; the kiosk and central dedupe on it. Bound into the seal. */
  requestId: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  topic: Type.Union([
    /** "N people ahead of me": for one ticket, today only. */
    Type.Object({
      kind: Type.Literal('queue.ahead'),
      ticketId: Type.String({ minLength: 1, maxLength: 64 }),
      number: Type.String({ minLength: 1, maxLength: 16 }),
      ahead: Type.Integer({ minimum: 1, maximum: 30 }),
    }),
    /** 补正, decision and certificate pick-up for one case. */
    Type.Object({
      kind: Type.Literal('case.progress'),
      caseId: Type.String({ minLength: 1, maxLength: 64 }),
      number: Type.String({ minLength: 1, maxLength: 32 }),
    }),
  ]),
  phone: SealedPhone,
  /** Milliseconds since the epoch; central refuses requests older than a minute. */
  ts: Type.Integer(),
});
export type NotifySubscribeRequest = Static<typeof NotifySubscribeRequest>;

export const NotifySubscribeStatus = Type.Union([
  Type.Literal('subscribed'),
  Type.Literal('invalid-phone'),
  /** The ticket already has another number: one per ticket, the first wins. */
  Type.Literal('already'),
  Type.Literal('stale'),
  Type.Literal('unavailable'),
]);
export type NotifySubscribeStatus = Static<typeof NotifySubscribeStatus>;

export const NotifySubscribeResult = Type.Object({
  requestId: Type.String(),
  status: NotifySubscribeStatus,
  /** The number as the kiosk may show it back: 138****1234. */
  masked: Type.Optional(Type.String({ maxLength: 16 })),
  /** When central drops the number again (end of the ticket's day, or the case's retention). */
  keptUntil: Type.Optional(Type.Integer()),
});
export type NotifySubscribeResult = Static<typeof NotifySubscribeResult>;

/** How far a resident's text got, in the words a resident's page uses. */
export const NotifyDeliveryState = Type.Union([
  Type.Literal('queued'),
  Type.Literal('submitted'),
  Type.Literal('delivered'),
  Type.Literal('failed'),
  Type.Literal('opted-out'),
]);
export type NotifyDeliveryState = Static<typeof NotifyDeliveryState>;

/** Central → kiosk: the delivery state of texts its tickets caused, sent whenever one moves. */
export const NotifyDeliveryUpdate = Type.Object({
  v: Type.Literal(1),
  deliveries: Type.Array(
    Type.Object({
      ticketId: Type.String({ minLength: 1, maxLength: 64 }),
      /** The recipient as a page may show it: 138****1234. */
      masked: Type.String({ maxLength: 16 }),
      state: NotifyDeliveryState,
      /** When it reached this state (epoch ms, central's clock). */
      at: Type.Integer(),
    }),
    { maxItems: 500 },
  ),
});
export type NotifyDeliveryUpdate = Static<typeof NotifyDeliveryUpdate>;

/** What the sealed phone's AES-GCM additional data binds: the request cannot be replayed for another kiosk or ticket. */
export function sealContext(
  kioskId: string,
  req: Pick<NotifySubscribeRequest, 'requestId' | 'topic'>,
): string {
  const ref = req.topic.kind === 'queue.ahead' ? req.topic.ticketId : req.topic.caseId;
  return `shequ-notify-v1|${kioskId}|${req.requestId}|${req.topic.kind}|${ref}`;
}

/**
 * What a phone sealed into an `appointment.booked` transaction binds (contract/mqtt.ts): the seal
 * opens only for that kiosk's booking, so it cannot be lifted into another kiosk's or booking's.
 */
export function appointmentSealContext(kioskId: string, appointmentId: string): string {
  return `shequ-notify-v1|${kioskId}|appointment.booked|${appointmentId}`;
}
