/**
 * Central's end of the kiosk opt-in wire (contract/notify.ts): publishes the retained sealing key,
 * takes sealed subscribe requests from every kiosk (shared subscription, so several notification
 * workers can run), opens each seal with the request's own context (a seal lifted from another
 * kiosk's or ticket's request does not open), and answers on the kiosk's result topic with the
 * request's correlation data. The opened number goes straight into the encrypted store. On the
 * same topic it tells each kiosk how far its tickets' texts got (ticket-delivery-feed.ts).
 */
import { Value } from '@sinclair/typebox/value';
import type { MqttClient } from 'mqtt';
import {
  NotifySubscribeRequest,
  type NotifySubscribeResult,
  notifyTopics,
  sealContext,
} from '../../contract/notify.ts';
import type { Notifier } from './notifier.ts';
import type { PhoneVault } from './phone-vault.ts';
import { startTicketDeliveryFeed, type TicketDeliveryFeed } from './ticket-delivery-feed.ts';

const SUBSCRIBE_TOPIC = /^v1\/kiosks\/([^/]+)\/notify\/subscribe$/;
const MAX_SKEW_MS = 60_000;
const REMEMBERED = 1000;

export interface KioskOptInService {
  readonly handled: number;
  /** The delivery states going down to the kiosks. */
  readonly deliveries: TicketDeliveryFeed;
  close(): Promise<void>;
}

export async function serveKioskOptIn(o: {
  client: MqttClient;
  notifier: Notifier;
  vault: PhoneVault;
  now?: () => number;
  log?: (line: string) => void;
  /** A shared subscription (several workers; MQTT 5), the default; false on an MQTT 3.1.1 broker. */
  shared?: boolean;
  /** How often the delivery feed looks for moved states (default 1000 ms; 0: only on poll()). */
  deliveryPollMs?: number;
}): Promise<KioskOptInService> {
  const requests =
    o.shared === false
      ? notifyTopics.allSubscribe.replace(/^\$share\/[^/]+\//, '')
      : notifyTopics.allSubscribe;
  const now = o.now ?? Date.now;
  const log = o.log ?? (() => {});
  /** Answers already given, so a kiosk's retry of the same request gets the same answer. */
  const answered = new Map<string, NotifySubscribeResult>();
  let handled = 0;

  async function answer(kioskId: string, req: NotifySubscribeRequest): Promise<NotifySubscribeResult> {
    const key = `${kioskId}|${req.requestId}`;
    const earlier = answered.get(key);
    if (earlier) return earlier;
    let result: NotifySubscribeResult;
    if (Math.abs(now() - req.ts) > MAX_SKEW_MS) {
      result = { requestId: req.requestId, status: 'stale' };
    } else {
      let phone: string | undefined;
      try {
        phone = o.vault.openSealed(req.phone, sealContext(kioskId, req));
      } catch (err) {
        log(`notify opt-in from ${kioskId}: the sealed number did not open (${(err as Error).message})`);
      }
      if (phone === undefined) {
        result = { requestId: req.requestId, status: 'unavailable' };
      } else {
        const outcome = await o.notifier.subscribe({ kioskId, topic: req.topic, phone });
        result =
          outcome.status === 'subscribed'
            ? {
                requestId: req.requestId,
                status: 'subscribed',
                masked: outcome.masked,
                keptUntil: outcome.keptUntil,
              }
            : { requestId: req.requestId, status: outcome.status };
      }
    }
    answered.set(key, result);
    if (answered.size > REMEMBERED) answered.delete(answered.keys().next().value!);
    return result;
  }

  async function onMessage(
    topic: string,
    payload: Buffer,
    correlationData: Buffer | undefined,
  ): Promise<void> {
    const kioskId = SUBSCRIBE_TOPIC.exec(topic)?.[1];
    if (!kioskId) return;
    let req: unknown;
    try {
      req = JSON.parse(payload.toString('utf8'));
    } catch {
      req = undefined;
    }
    if (!Value.Check(NotifySubscribeRequest, req)) {
      log(`notify opt-in from ${kioskId}: not a subscribe request; dropped`);
      return;
    }
    let result: NotifySubscribeResult;
    try {
      result = await answer(kioskId, req);
    } catch (err) {
      log(`notify opt-in from ${kioskId}: ${(err as Error).message}`);
      result = { requestId: req.requestId, status: 'unavailable' };
    }
    handled++;
    await o.client.publishAsync(notifyTopics.result(kioskId), JSON.stringify(result), {
      qos: 1,
      properties: correlationData ? { correlationData } : {},
    });
  }

  const listener = (topic: string, payload: Buffer, packet: { properties?: { correlationData?: Buffer } }) =>
    void onMessage(topic, payload, packet.properties?.correlationData).catch((err: Error) =>
      log(`notify opt-in: could not answer (${err.message})`),
    );
  o.client.on('message', listener);
  const publishKey = () =>
    o.client.publishAsync(
      notifyTopics.sealingKey,
      JSON.stringify({ ...o.vault.sealingPublicKey(), ts: now() }),
      {
        qos: 1,
        retain: true,
      },
    );
  // Again on every reconnect: a broker that restarted without persistence has lost the retained key,
  // and without it no kiosk offers SMS.
  const onReconnect = () =>
    void publishKey().catch((err: Error) => log(`notify key not published: ${err.message}`));
  o.client.on('connect', onReconnect);
  await publishKey();
  await o.client.subscribeAsync(requests, { qos: 1 });
  const deliveries = startTicketDeliveryFeed({
    db: o.notifier.db,
    client: o.client,
    now,
    log,
    ...(o.deliveryPollMs === undefined ? {} : { intervalMs: o.deliveryPollMs }),
  });
  return {
    get handled() {
      return handled;
    },
    deliveries,
    async close() {
      await deliveries.close();
      o.client.off('message', listener);
      o.client.off('connect', onReconnect);
      await o.client.unsubscribeAsync(requests).catch(() => {});
    },
  };
}
