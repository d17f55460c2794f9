/**
 * The notification service: what central calls (onTransaction, notifyOn, subscribe, deliveryFor,
 * purge) and the worker that takes send jobs off the queue, applies opt-out, quiet hours and the
 * per-recipient limits, sends through the gateway and records what the gateway reports back.
 */
import type { JobResult, PgBoss } from 'pg-boss';
import type { TxEnvelope } from '../../contract/mqtt.ts';
import type { SealedPhone } from '../../contract/notify.ts';
import type { CentralDb, SqlRunner } from '../db/central-db.ts';
import { type NotifyConfig, notifyConfig } from './config.ts';
import { optIn, optOut, purgeUnusedPhones } from './contacts.ts';
import { type EnqueueContext, type Enqueued, enqueueEvent, enqueueTest } from './enqueue.ts';
import type { NotifyEvent, RefType } from './events.ts';
import { eventsFromTransaction } from './from-transactions.ts';
import type { InboundSms, SmsGateway } from './gateway.ts';
import { openJobQueue, runnerAsPgBossDb, SEND_QUEUE } from './job-queue.ts';
import { endOfLocalDay } from './local-time.ts';
import { type DeliveryView, deliveryFor, SENDABLE } from './message-store.ts';
import { BadPhoneError, maskPhone, normalisePhone } from './phone.ts';
import type { PhoneVault } from './phone-vault.ts';
import { aheadOfTicket, purgeQueueDays } from './queue-ahead.ts';
import { purgeRateWindows } from './rate-limit.ts';
import type { DeliveryReceipt } from './receipt.ts';
import { ReceiptBatcher } from './receipt-batcher.ts';
import { migrateNotify } from './schema.ts';
import { type Job, sendBatch } from './send-batch.ts';
import { addSubscription, dropSubscriptions } from './subscriptions.ts';

export const OPT_OUT_WORDS = ['TD', 'T', '退订', '取消', 'STOP', 'UNSUBSCRIBE'];

export interface NotifierOptions {
  db: CentralDb;
  vault: PhoneVault;
  gateway: SmsGateway;
  config?: Partial<NotifyConfig>;
  /** The service's clock (quiet hours, expiry, retention); tests inject one. */
  now?: () => number;
  log?: (line: string) => void;
  /** Take send jobs in this process (false: only enqueue; another process runs `notify run`). */
  worker?: boolean;
  /**
   * Jobs fetched per poll (two polls run at once). Statements per batch are fixed, so larger
   * batches cost less per message; the gateway's window still paces the submits.
   */
  batchSize?: number;
}

export type SubscribeTopic =
  | { kind: 'queue.ahead'; ticketId: string; number: string; ahead: number }
  | { kind: 'case.progress'; caseId: string; number: string };

export type SubscribeOutcome =
  | { status: 'subscribed'; masked: string; keptUntil: number; queued: Enqueued[] }
  | { status: 'invalid-phone' | 'already' };

export class Notifier {
  readonly config: NotifyConfig;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly receipts: ReceiptBatcher;

  private constructor(
    private readonly o: NotifierOptions,
    private readonly boss: PgBoss,
  ) {
    this.config = notifyConfig(o.config);
    this.now = o.now ?? Date.now;
    this.log = o.log ?? (() => {});
    this.receipts = new ReceiptBatcher(o.db, this.now);
  }

  static async start(o: NotifierOptions): Promise<Notifier> {
    await migrateNotify(o.db);
    const config = notifyConfig(o.config);
    const boss = await openJobQueue(o.db, config, o.log ?? (() => {}));
    const n = new Notifier(o, boss);
    if (o.worker !== false) {
      await o.gateway.start({ onReceipt: (r) => n.onReceipt(r), onInbound: (m) => n.onInbound(m) });
      await boss.work(
        SEND_QUEUE,
        {
          // Several batches in hand keep the gateway's window full while one batch finishes;
          // a full batch means more is waiting, so fetch again at once.
          batchSize: o.batchSize ?? 50,
          localConcurrency: 2,
          burstWhenBatchFull: true,
          pollingIntervalSeconds: 0.5,
          notifyPollingIntervalSeconds: 5,
          perJobResults: true as const,
          includeMetadata: true as const,
        },
        (jobs: Job[]) => n.handle(jobs),
      );
      n.sweeper = setInterval(
        () => void n.releaseDue().catch((e: Error) => n.log(`notify sweep: ${e.message}`)),
        15_000,
      );
      n.sweeper.unref();
    }
    return n;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.boss.stop({ graceful: true, timeout: 5000 });
    await this.o.gateway.close();
    await this.receipts.close();
  }

  // ---- what central calls -------------------------------------------------------------------

  /** Every stored kiosk transaction; pass `tx` to enqueue inside ingest's own database transaction. */
  async onTransaction(envelope: TxEnvelope, opts: { tx?: SqlRunner } = {}): Promise<Enqueued[]> {
    return this.within(opts.tx, async (db) => {
      const out: Enqueued[] = [];
      const reading = {
        openSealed: (sealed: SealedPhone, context: string) => {
          try {
            return this.o.vault.openSealed(sealed, context);
          } catch (err) {
            this.log(
              `notify: a sealed number from ${envelope.kiosk} did not open (${(err as Error).message})`,
            );
            return undefined;
          }
        },
        timeZone: this.config.timeZone,
      };
      for (const e of await eventsFromTransaction(db, envelope, reading))
        out.push(...(await enqueueEvent(this.ctx(db), e)));
      return out;
    });
  }

  /** An event only central knows (appointments, overdue rectifications, fleet alerts). */
  notifyOn(event: NotifyEvent, opts: { tx?: SqlRunner } = {}): Promise<Enqueued[]> {
    return this.within(opts.tx, (db) => enqueueEvent(this.ctx(db), event));
  }

  /** A resident's opt-in (from the kiosk's sealed request, already opened). */
  async subscribe(req: { kioskId: string; topic: SubscribeTopic; phone: string }): Promise<SubscribeOutcome> {
    let phone: string;
    try {
      phone = normalisePhone(req.phone);
    } catch (err) {
      if (err instanceof BadPhoneError) return { status: 'invalid-phone' };
      throw err;
    }
    const now = this.now();
    const t = req.topic;
    const keptUntil =
      t.kind === 'queue.ahead'
        ? endOfLocalDay(now, this.config.timeZone)
        : now + this.config.retentionDays * 86_400_000;
    return this.within(undefined, async (db) => {
      // One number per ticket, the first wins (the kiosk reserves the ticket too; this holds for any kiosk).
      if (t.kind === 'queue.ahead') {
        const other = await db.query(
          `SELECT 1 FROM notify_subscription
            WHERE ref_type = 'ticket' AND ref_id = $1 AND kiosk_id = $2 AND phone_hash <> $3`,
          [t.ticketId, req.kioskId, this.o.vault.hash(phone)],
        );
        if (other.length > 0) return { status: 'already' as const };
      }
      const stored = await addSubscription(
        db,
        this.o.vault,
        {
          refType: t.kind === 'queue.ahead' ? 'ticket' : 'case',
          refId: t.kind === 'queue.ahead' ? t.ticketId : t.caseId,
          kioskId: req.kioskId,
          phone,
          number: t.number,
          keepUntil: keptUntil,
          ...(t.kind === 'queue.ahead' ? { ahead: t.ahead } : {}),
        },
        now,
      );
      await optIn(db, stored.hash, `kiosk:${req.kioskId}`, now);
      let queued: Enqueued[] = [];
      if (t.kind === 'queue.ahead') {
        const ahead = await aheadOfTicket(db, req.kioskId, t.ticketId);
        if (ahead !== undefined && ahead <= t.ahead) {
          queued = await enqueueEvent(this.ctx(db), {
            kind: 'queue.ahead',
            kioskId: req.kioskId,
            ticketId: t.ticketId,
            number: t.number,
            ahead,
          });
        }
      }
      return { status: 'subscribed' as const, masked: stored.masked, keptUntil, queued };
    });
  }

  /** The database the service keeps its messages in (the kiosks' delivery feed reads it). */
  get db(): CentralDb {
    return this.o.db;
  }

  deliveryFor(refType: RefType, refId: string): Promise<DeliveryView[]> {
    return deliveryFor(this.o.db, refType, refId);
  }

  testSend(phone: string, text: string): Promise<Enqueued[]> {
    return this.within(undefined, (db) => enqueueTest(this.ctx(db), phone, text));
  }

  /** Daily: numbers past their keep-until, old messages, rate windows and queue days. */
  async purge(): Promise<{ subscriptions: number; phones: number; messages: number }> {
    const now = this.now();
    const db = this.o.db;
    const subscriptions = await dropSubscriptions(db, { before: now });
    const cutoff = now - this.config.retentionDays * 86_400_000;
    const messages = await this.deleteMessages(db, 'created_at < $1 AND NOT (state = ANY($2::text[]))', [
      cutoff,
      SENDABLE,
    ]);
    const phones = await purgeUnusedPhones(db);
    await purgeRateWindows(db, now);
    const yesterday = new Date(endOfLocalDay(now, this.config.timeZone) - 2 * 86_400_000 + 3600_000);
    await purgeQueueDays(db, yesterday.toISOString().slice(0, 10));
    return { subscriptions, phones, messages };
  }

  /** The case's (or ticket's) retention has run out: its messages, subscriptions and numbers go. */
  async purgeRef(refType: RefType, refId: string): Promise<void> {
    await this.within(undefined, async (db) => {
      await dropSubscriptions(db, { refType, refId });
      await this.deleteMessages(db, 'ref_type = $1 AND ref_id = $2', [refType, refId]);
      await purgeUnusedPhones(db);
    });
  }

  // ---- the worker ---------------------------------------------------------------------------

  private ctx(db: SqlRunner): EnqueueContext {
    return {
      db,
      vault: this.o.vault,
      config: this.config,
      now: this.now(),
      queueJob: (runner, id, delayMs) => this.queueJob(id, delayMs, runner),
    };
  }

  private within<T>(tx: SqlRunner | undefined, fn: (db: SqlRunner) => Promise<T>): Promise<T> {
    return tx ? fn(tx) : this.o.db.transaction(fn);
  }

  private async queueJob(messageId: string, delayMs: number, runner?: SqlRunner): Promise<void> {
    await this.boss.send(
      SEND_QUEUE,
      { messageId },
      {
        ...(delayMs > 0 ? { startAfter: Math.ceil(delayMs / 1000) } : {}),
        ...(runner ? { db: runnerAsPgBossDb(runner) } : {}),
      },
    );
  }

  private async deleteMessages(db: SqlRunner, where: string, params: unknown[]): Promise<number> {
    const ids = (
      await db.query<{ id: string }>(`DELETE FROM notify_message WHERE ${where} RETURNING id`, params)
    ).map((r) => r.id);
    if (ids.length === 0) return 0;
    const smsc = await db.query<{ smsc_id: string }>(
      'DELETE FROM notify_segment WHERE message_id = ANY($1::bigint[]) RETURNING smsc_id',
      [ids],
    );
    await db.query('DELETE FROM notify_receipt WHERE smsc_id = ANY($1::text[])', [
      smsc.map((s) => s.smsc_id),
    ]);
    return ids.length;
  }

  /** Held and deferred messages whose time has come go back on the queue (also after a lost job). */
  async releaseDue(): Promise<number> {
    const now = this.now();
    const due = await this.o.db.query<{ id: string }>(
      `UPDATE notify_message SET state = 'queued' WHERE state IN ('held', 'deferred') AND not_before <= $1 RETURNING id`,
      [now],
    );
    for (const m of due) await this.queueJob(m.id, 0);
    return due.length;
  }

  private handle(jobs: Job[]): Promise<JobResult[]> {
    return sendBatch(
      {
        db: this.o.db,
        vault: this.o.vault,
        gateway: this.o.gateway,
        config: this.config,
        now: this.now(),
        log: this.log,
        queueJob: (id, delayMs) => this.queueJob(id, delayMs),
      },
      jobs,
    );
  }

  private onReceipt(r: DeliveryReceipt): Promise<void> {
    return this.receipts.add(r);
  }

  /** A reply from a phone: TD (or 退订 …) opts the number out at once and stops what is queued for it. */
  private async onInbound(sms: InboundSms): Promise<void> {
    let phone: string;
    try {
      phone = normalisePhone(sms.from);
    } catch {
      this.log(`notify: reply from a number that is not a mobile (${maskPhone(sms.from)}) ignored`);
      return;
    }
    const now = this.now();
    const word = sms.text.trim().toUpperCase();
    const stop = OPT_OUT_WORDS.includes(word);
    const stored = { hash: this.o.vault.hash(phone), masked: maskPhone(phone) };
    await this.o.db.transaction(async (db) => {
      await db.query(
        'INSERT INTO notify_inbound (phone_hash, masked, keyword, action, received_at) VALUES ($1, $2, $3, $4, $5)',
        [stored.hash, stored.masked, stop ? word : null, stop ? 'opt-out' : 'ignored', now],
      );
      if (!stop) return;
      await optOut(db, stored, `sms:${word}`, now);
      await db.query(
        `UPDATE notify_message SET state = 'refused', reason = 'opted-out (replied TD)', final_at = $3
         WHERE phone_hash = $1 AND state = ANY($2::text[])`,
        [stored.hash, SENDABLE, now],
      );
    });
    this.log(`notify: ${stored.masked} replied ${stop ? `${word}: opted out` : 'something else: ignored'}`);
  }
}
