/**
 * The kiosk's end of the SMS opt-in wire (contract/notify.ts): it keeps central's retained sealing
 * key while the uplink is up, seals a typed number to it (so the kiosk cannot read back what it
 * sent, and nothing of it touches the disk), publishes the request live and waits for central's
 * answer. Without the uplink there is no offer: "turn near" is only useful if central hears it.
 * On the same answer topic central says how far each ticket's text got (NotifyDeliveryUpdate);
 * those go to whoever listens (the ticket's phone page, ticket-optin.ts).
 */

import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import {
  appointmentSealContext,
  NotifyDeliveryUpdate,
  NotifySealingKey,
  type NotifySubscribeRequest,
  NotifySubscribeResult,
  notifyTopics,
  type SealedPhone,
  sealContext,
} from '../../contract/notify.ts';
import type { NotifyStatus } from '../../contract/notify-api.ts';
import { payloadDecoder } from '../../platform/mqtt-payload.ts';
import { sealPhone, x25519PublicFromRaw } from '../../platform/sealed-phone.ts';

const keyDecoder = payloadDecoder(NotifySealingKey, 'NotifySealingKey');
const resultDecoder = payloadDecoder(NotifySubscribeResult, 'NotifySubscribeResult');
const deliveryDecoder = payloadDecoder(NotifyDeliveryUpdate, 'NotifyDeliveryUpdate');

export type TicketDelivery = NotifyDeliveryUpdate['deliveries'][number];

export type OptInTopic = NotifySubscribeRequest['topic'];

export type OptInOutcome =
  | { status: 'subscribed'; masked: string; keptUntil?: number }
  | { status: 'invalid-phone' | 'already' | 'stale' | 'unavailable' | 'offline' | 'no-answer' };

interface Waiting {
  resolve(outcome: OptInOutcome): void;
  timer: NodeJS.Timeout;
}

export class NotifyOptInLink {
  private client: MqttClient | null = null;
  private key: { kid: string; publicKey: KeyObject } | null = null;
  private readonly waiting = new Map<string, Waiting>();
  private readonly deliveryListeners: Array<(d: TicketDelivery) => void> = [];

  constructor(
    private readonly kioskId: string,
    private readonly opts: { answerTimeoutMs?: number; log?: (line: string) => void } = {},
  ) {}

  status(): NotifyStatus {
    if (!this.client?.connected) return { available: false, reason: 'uplink-down' };
    if (!this.key) return { available: false, reason: 'no-key' };
    return { available: true };
  }

  /** For the fleet agent's onConnected: subscribes before the birth, so the retained key is not missed. */
  /** Clients this link listens on: the agent calls onConnected on every reconnect of the same one. */
  private readonly wired = new WeakSet<MqttClient>();

  readonly onConnected = async (client: MqttClient): Promise<void> => {
    this.client = client;
    this.key = null;
    if (!this.wired.has(client)) {
      this.wired.add(client);
      client.on('message', (topic, payload) => this.onMessage(client, topic, payload));
      client.on('close', () => {
        if (this.client !== client) return;
        this.client = null;
        this.key = null;
        for (const [id, w] of this.waiting) this.settle(id, w, { status: 'offline' });
      });
    }
    await client.subscribeAsync([notifyTopics.sealingKey, notifyTopics.result(this.kioskId)], { qos: 1 });
  };

  /** Central's word on a ticket's text: queued, submitted, delivered, failed or opted out. */
  onDelivery(listener: (d: TicketDelivery) => void): void {
    this.deliveryListeners.push(listener);
  }

  /**
   * Seals an appointment's reminder number to central's key, bound to this kiosk and the booking
   * (it then rides the `appointment.booked` transaction); undefined when SMS is not on offer now.
   */
  sealForAppointment(appointmentId: string, phone: string): SealedPhone | undefined {
    if (!this.client?.connected || !this.key) return undefined;
    return sealPhone(this.key, phone, appointmentSealContext(this.kioskId, appointmentId));
  }

  async request(topic: OptInTopic, phone: string): Promise<OptInOutcome> {
    const client = this.client;
    const key = this.key;
    if (!client?.connected || !key) return { status: 'offline' };
    const requestId = randomBytes(16).toString('hex');
    const body: Omit<NotifySubscribeRequest, 'phone'> = { v: 1, requestId, topic, ts: Date.now() };
    const req: NotifySubscribeRequest = {
      ...body,
      phone: sealPhone(key, phone, sealContext(this.kioskId, body)),
    };
    const answered = new Promise<OptInOutcome>((resolve) => {
      const timer = setTimeout(
        () => this.settle(requestId, this.waiting.get(requestId), { status: 'no-answer' }),
        this.opts.answerTimeoutMs ?? 8_000,
      );
      this.waiting.set(requestId, { resolve, timer });
    });
    try {
      await client.publishAsync(notifyTopics.subscribe(this.kioskId), JSON.stringify(req), { qos: 1 });
    } catch {
      this.settle(requestId, this.waiting.get(requestId), { status: 'offline' });
    }
    return answered;
  }

  close(): void {
    for (const [id, w] of this.waiting) this.settle(id, w, { status: 'offline' });
  }

  private onMessage(client: MqttClient, topic: string, payload: Buffer): void {
    if (client !== this.client) return;
    if (topic === notifyTopics.sealingKey) {
      const decoded = keyDecoder.decode(payload);
      if (!decoded.ok) {
        this.opts.log?.(`notify key refused: ${decoded.problem}`);
        return;
      }
      try {
        this.key = {
          kid: decoded.value.kid,
          publicKey: x25519PublicFromRaw(Buffer.from(decoded.value.publicKey, 'base64')),
        };
      } catch (err) {
        this.opts.log?.(`notify key refused: ${(err as Error).message}`);
      }
      return;
    }
    if (topic !== notifyTopics.result(this.kioskId)) return;
    let value: unknown;
    try {
      value = JSON.parse(payload.toString('utf8'));
    } catch {
      this.opts.log?.('notify answer refused: not JSON');
      return;
    }
    if (deliveryDecoder.is(value)) {
      for (const d of value.deliveries) for (const l of this.deliveryListeners) l(d);
      return;
    }
    const decoded = resultDecoder.check(value);
    if (!decoded.ok) {
      this.opts.log?.(`notify answer refused: ${decoded.problem}`);
      return;
    }
    const r = decoded.value;
    this.settle(
      r.requestId,
      this.waiting.get(r.requestId),
      r.status === 'subscribed'
        ? { status: 'subscribed', masked: r.masked ?? '', ...(r.keptUntil ? { keptUntil: r.keptUntil } : {}) }
        : { status: r.status },
    );
  }

  private settle(requestId: string, w: Waiting | undefined, outcome: OptInOutcome): void {
    if (!w) return;
    clearTimeout(w.timer);
    this.waiting.delete(requestId);
    w.resolve(outcome);
  }
}
