/**
 * Tells each kiosk how far the texts its tickets caused have got (contract/notify.ts,
 * NotifyDeliveryUpdate on `v1/kiosks/{id}/notify/res`), so the ticket's phone page can say
 * "sent", "delivered", "failed" or "opted out" beside the masked number. It reads notify_message,
 * which every worker (in any process) writes, so it needs no hook into the send path.
 *
 * What is still to be told is kept on the row itself, not in a watermark: `kiosk_told` is the state
 * the kiosk was last told, and a row whose state differs is untold (a partial index holds exactly
 * those). A row is found as soon as its transaction is visible, whatever order ids committed in (an
 * `id > last` watermark skipped a lower id that committed after a higher one). `kiosk_told` is set
 * only once the broker acknowledged the update (PUBACK), and only if the state is still the one
 * published: a dropped link or a failed publish leaves the rows untold, and the next poll sends them
 * again. A repeat carries the same state and time, which the kiosk already holds, so nothing visible
 * repeats; several feeds (one per notification process) may both announce a row, harmlessly.
 */
import type { MqttClient } from 'mqtt';
import { type NotifyDeliveryState, type NotifyDeliveryUpdate, notifyTopics } from '../../contract/notify.ts';
import type { SqlRunner } from '../db/central-db.ts';
import type { MessageState } from './message-store.ts';

type Delivery = NotifyDeliveryUpdate['deliveries'][number];

/** Untold messages older than this are marked told without being announced (a long-stopped feed). */
const LOOKBACK_MS = 86_400_000;
const MAX_PER_UPDATE = 500;
/** Rows read per poll; a fuller backlog drains over the next polls. */
const MAX_PER_POLL = 5_000;
const PUBLISH_TIMEOUT_MS = 10_000;

const UNTOLD = `ref_type = 'ticket' AND kiosk_id IS NOT NULL AND kiosk_told IS DISTINCT FROM state`;

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

export interface TicketDeliveryFeed {
  /** One poll now (tests; the timer calls it too). Resolves to the updates published. */
  poll(): Promise<number>;
  close(): Promise<void>;
}

interface UntoldRow {
  id: string;
  kiosk_id: string;
  ref_id: string;
  masked: string;
  state: MessageState;
  reason: string | null;
  kiosk_told: MessageState | null;
  created_at: string;
  submitted_at: string | null;
  final_at: string | null;
}

function publishAcked(client: MqttClient, topic: string, payload: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no PUBACK for ${topic} in ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([client.publishAsync(topic, payload, { qos: 1 }).then(() => {}), timedOut]).finally(
    () => clearTimeout(timer),
  );
}

export function startTicketDeliveryFeed(o: {
  db: SqlRunner;
  client: MqttClient;
  now?: () => number;
  /** 0: no timer, only poll() (tests). Default 1000 ms. */
  intervalMs?: number;
  publishTimeoutMs?: number;
  log?: (line: string) => void;
}): TicketDeliveryFeed {
  const now = o.now ?? Date.now;
  const log = o.log ?? (() => {});
  let running: Promise<number> | undefined;

  /** Marks rows told with the state they had when published, unless it moved since. */
  async function markTold(rows: ReadonlyArray<Pick<UntoldRow, 'id' | 'state'>>): Promise<void> {
    if (rows.length === 0) return;
    await o.db.query(
      `UPDATE notify_message m SET kiosk_told = u.state
         FROM unnest($1::bigint[], $2::text[]) AS u(id, state)
        WHERE m.id = u.id AND m.state = u.state`,
      [rows.map((r) => r.id), rows.map((r) => r.state)],
    );
  }

  async function pollOnce(): Promise<number> {
    const [table] = await o.db.query<{ t: string | null }>(`SELECT to_regclass('notify_message')::text AS t`);
    if (!table?.t) return 0;
    await o.db.query(`UPDATE notify_message SET kiosk_told = state WHERE ${UNTOLD} AND created_at < $1`, [
      now() - LOOKBACK_MS,
    ]);
    const rows = await o.db.query<UntoldRow>(
      `SELECT id, kiosk_id, ref_id, masked, state, reason, kiosk_told, created_at, submitted_at, final_at
         FROM notify_message WHERE ${UNTOLD} ORDER BY id LIMIT ${MAX_PER_POLL}`,
    );
    const byKiosk = new Map<string, Array<{ row: UntoldRow; delivery: Delivery }>>();
    const unchanged: UntoldRow[] = [];
    for (const r of rows) {
      const state = residentDeliveryState(r.state, r.reason);
      // queued → sending is the same word on the page: nothing to say, only to remember.
      if (r.kiosk_told !== null && residentDeliveryState(r.kiosk_told, r.reason) === state) {
        unchanged.push(r);
        continue;
      }
      const at = Number(r.final_at ?? r.submitted_at ?? r.created_at);
      const list = byKiosk.get(r.kiosk_id) ?? [];
      byKiosk.set(r.kiosk_id, list);
      list.push({ row: r, delivery: { ticketId: r.ref_id, masked: r.masked, state, at } });
    }
    await markTold(unchanged);
    // Without the broker every publish would wait out its timeout in turn, kiosk after kiosk, and
    // mqtt.js would keep each to send again on reconnect: nothing is tried until it is back.
    if (byKiosk.size > 0 && !o.client.connected)
      throw new Error('broker not connected: deliveries left untold');
    let published = 0;
    let failure: Error | undefined;
    for (const [kioskId, items] of byKiosk) {
      if (failure) break;
      for (let i = 0; i < items.length; i += MAX_PER_UPDATE) {
        const chunk = items.slice(i, i + MAX_PER_UPDATE);
        const update: NotifyDeliveryUpdate = { v: 1, deliveries: chunk.map((c) => c.delivery) };
        try {
          await publishAcked(
            o.client,
            notifyTopics.result(kioskId),
            JSON.stringify(update),
            o.publishTimeoutMs ?? PUBLISH_TIMEOUT_MS,
          );
        } catch (err) {
          // Left untold: the next poll sends them again. A timeout says the broker is not answering:
          // the poll stops here rather than wait out one timeout per kiosk.
          failure = err as Error;
          break;
        }
        await markTold(chunk.map((c) => c.row));
        published++;
      }
    }
    if (failure) throw failure;
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
