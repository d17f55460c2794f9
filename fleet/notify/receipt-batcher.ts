/**
 * Delivery receipts arrive one deliver_sm at a time, thousands a second at peak. They are stored in
 * batches (what arrived within a few milliseconds, one statement each), and each deliver_sm is acked
 * only after its batch is committed, so a crash loses no receipt: the SMSC sends it again.
 */
import type { SqlRunner } from '../db/central-db.ts';
import { recordReceipts } from './message-store.ts';
import type { DeliveryReceipt } from './receipt.ts';

interface Pending {
  receipt: DeliveryReceipt;
  resolve(): void;
  reject(err: Error): void;
}

export class ReceiptBatcher {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: SqlRunner,
    private readonly now: () => number,
    private readonly maxBatch = 200,
    private readonly lingerMs = 5,
  ) {}

  add(receipt: DeliveryReceipt): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ receipt, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flushSoon(0);
      else this.flushSoon(this.lingerMs);
    });
  }

  private flushSoon(ms: number): void {
    if (this.timer && ms > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, ms);
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    try {
      await recordReceipts(
        this.db,
        batch.map((p) => p.receipt),
        this.now(),
      );
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err as Error);
    }
    if (this.pending.length > 0) this.flushSoon(0);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
  }
}
