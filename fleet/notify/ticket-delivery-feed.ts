/**
 * Tells each kiosk how far the texts its tickets caused have got (contract/notify.ts,
 * NotifyDeliveryUpdate on `v1/kiosks/{id}/notify/res`), so the ticket's phone page can say
 * "sent", "delivered", "failed" or "opted out" beside the masked number. It reads notify_message,
 * which every worker (in any process) writes, so it needs no hook into the send path: each poll
 * takes the ticket messages created since the last one and those still on their way, and publishes
 * the ones whose state, as a resident's page words it, moved.
 */
import type { MqttClient } from 'mqtt';
import { type NotifyDeliveryState, type NotifyDeliveryUpdate, notifyTopics } from '../../contract/notify.ts';
import type { SqlRunner } from '../db/central-db.ts';
import type { MessageState } from './message-store.ts';

type Delivery = NotifyDeliveryUpdate['deliveries'][number];

/** Messages older than this when the feed starts are not announced again. */
const LOOKBACK_MS = 86_400_000;
const MAX_PER_UPDATE = 500;

/** A message's state as the resident's page says it. */
export function residentDeliveryState(state: MessageState, reason: string | null): NotifyDeliveryState {
  switch (state) {
    case 'queued':
    case 'held':
    case 'deferred':
    case 'sending':
    case 'retrying':
      return 'queued';
    case 'submitted':
      return 'submitted';
    case 'delivered':
      return 'delivered';
    case 'refused':
      return reason?.startsWith('opted-out') ? 'opted-out' : 'failed';
    default:
      return 'failed';
  }
}

const FINAL: ReadonlySet<NotifyDeliveryState> = new Set(['delivered', 'failed', 'opted-out']);

export interface TicketDeliveryFeed {
  /** One poll now (tests; the timer calls it too). Resolves to the updates published. */
  poll(): Promise<number>;
  close(): Promise<void>;
}

export function startTicketDeliveryFeed(o: {
  db: SqlRunner;
  client: MqttClient;
  now?: () => number;
  /** 0: no timer, only poll() (tests). Default 1000 ms. */
  intervalMs?: number;
  log?: (line: string) => void;
}): TicketDeliveryFeed {
  const now = o.now ?? Date.now;
  const log = o.log ?? (() => {});
  let lastId = 0n;
  let started = false;
  /** Message id → the state last published, for messages not yet final. */
  const open = new Map<string, NotifyDeliveryState>();
  let running: Promise<number> | undefined;

  async function pollOnce(): Promise<number> {
    const [table] = await o.db.query<{ t: string | null }>(`SELECT to_regclass('notify_message')::text AS t`);
    if (!table?.t) return 0;
    const rows = await o.db.query<{
      id: string;
      kiosk_id: string;
      ref_id: string;
      masked: string;
      state: MessageState;
      reason: string | null;
      created_at: string;
      submitted_at: string | null;
      final_at: string | null;
    }>(
      `SELECT id, kiosk_id, ref_id, masked, state, reason, created_at, submitted_at, final_at FROM notify_message
        WHERE ref_type = 'ticket' AND kiosk_id IS NOT NULL
          AND ((id > $1 AND created_at >= $2) OR id = ANY($3::bigint[]))
        ORDER BY id`,
      [lastId.toString(), started ? 0 : now() - LOOKBACK_MS, [...open.keys()]],
    );
    started = true;
    const byKiosk = new Map<string, Delivery[]>();
    for (const r of rows) {
      const id = BigInt(r.id);
      if (id > lastId) lastId = id;
      const state = residentDeliveryState(r.state, r.reason);
      if (open.get(r.id) === state) continue;
      if (FINAL.has(state)) open.delete(r.id);
      else open.set(r.id, state);
      const at = Number(r.final_at ?? r.submitted_at ?? r.created_at);
      const list = byKiosk.get(r.kiosk_id) ?? [];
      byKiosk.set(r.kiosk_id, list);
      list.push({ ticketId: r.ref_id, masked: r.masked, state, at });
    }
    let published = 0;
    for (const [kioskId, deliveries] of byKiosk) {
      for (let i = 0; i < deliveries.length; i += MAX_PER_UPDATE) {
        const update: NotifyDeliveryUpdate = { v: 1, deliveries: deliveries.slice(i, i + MAX_PER_UPDATE) };
        await o.client.publishAsync(notifyTopics.result(kioskId), JSON.stringify(update), { qos: 1 });
        published++;
      }
    }
    return published;
  }

  const poll = (): Promise<number> => {
    running ??= pollOnce().finally(() => {
      running = undefined;
    });
    return running;
  };
  const interval = o.intervalMs ?? 1000;
  const timer =
    interval > 0
      ? setInterval(
          () => void poll().catch((err: Error) => log(`notify delivery feed: ${err.message}`)),
          interval,
        )
      : undefined;
  timer?.unref();
  return {
    poll,
    async close() {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
