/**
 * The durable outbox: every transaction the store committed, until central acknowledges it at the
 * application level. Acks are persisted as a high-water mark plus the acked sequence numbers above it,
 * so the file stays small whatever the history.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DurableJsonFile } from '../../platform/durable-file.ts';
import { readOrRebuild } from '../store/rebuildable.ts';
import type { TxEntry } from '../store/records.ts';
import type { Store } from '../store/store.ts';

interface AckState {
  v: 1;
  /** Every seq up to and including this one is acked. */
  through: number;
  /** Acked seqs above `through`, acked out of order. */
  above: number[];
  lastAckAt?: number;
}

/** Emits 'change' whenever the set of pending transactions changes. */
export class Outbox extends EventEmitter<{ change: [] }> {
  private readonly pendingById = new Map<string, TxEntry>();
  private acks!: Low<AckState>;
  private ackWrite: Promise<void> = Promise.resolve();
  private queuedWrite: Promise<void> | null = null;
  /** Set when the acks file could not be read at start and was rebuilt. */
  rebuiltBecause: string | null = null;

  static async open(dir: string, store: Store): Promise<Outbox> {
    const outbox = new Outbox();
    const path = join(dir, 'outbox-acks.json');
    outbox.acks = new Low<AckState>(new DurableJsonFile<AckState>(path), { v: 1, through: 0, above: [] });
    // Rebuilt as "nothing acknowledged": every transaction is offered again, and central keeps one
    // copy of each (it dedupes on the transaction ID).
    outbox.rebuiltBecause = await readOrRebuild(
      outbox.acks,
      path,
      (d) => typeof (d as AckState).through === 'number' && Array.isArray((d as AckState).above),
    );
    const above = new Set(outbox.acks.data.above);
    for (const tx of store.transactions()) {
      if (tx.seq > outbox.acks.data.through && !above.has(tx.seq)) outbox.pendingById.set(tx.txId, tx);
    }
    return outbox;
  }

  /** Records a transaction the store has just committed. */
  add(tx: TxEntry): void {
    this.pendingById.set(tx.txId, tx);
    this.emit('change');
  }

  /** Pending transactions, lowest sequence first. */
  pending(limit = Number.POSITIVE_INFINITY): TxEntry[] {
    const out: TxEntry[] = [];
    for (const tx of this.pendingById.values()) {
      out.push(tx);
      if (out.length >= limit) break;
    }
    return out;
  }

  has(txId: string): boolean {
    return this.pendingById.has(txId);
  }

  get depth(): number {
    return this.pendingById.size;
  }

  /** Whether central has acknowledged the transaction of this sequence number (durably or about to be). */
  isAcked(seq: number): boolean {
    return seq <= this.acks.data.through || this.acks.data.above.includes(seq);
  }

  get lastAckAt(): number | undefined {
    return this.acks.data.lastAckAt;
  }

  oldestAgeMs(now = Date.now()): number {
    const first = this.pendingById.values().next();
    return first.done ? 0 : Math.max(0, now - first.value.ts);
  }

  /**
   * Removes acknowledged transactions at once (so the next ones can go out) and resolves when the
   * acks are durable. Writes are coalesced: acks arriving while one write is running share the next.
   * Losing an ack write to a power cut only means a resend, which central answers with 'dup'.
   */
  markAcked(txIds: readonly string[]): Promise<void> {
    const seqs: number[] = [];
    for (const id of txIds) {
      const tx = this.pendingById.get(id);
      if (tx) {
        seqs.push(tx.seq);
        this.pendingById.delete(id);
      }
    }
    if (seqs.length === 0) return this.ackWrite;
    // Everything below the lowest pending transaction is acked; only acks above it need listing.
    const lowest = this.pendingById.values().next();
    const known = [...this.acks.data.above, ...seqs];
    const through = lowest.done ? Math.max(this.acks.data.through, ...known) : lowest.value.seq - 1;
    const above = known.filter((s) => s > through);
    this.acks.data = { v: 1, through, above: above.sort((a, b) => a - b), lastAckAt: Date.now() };
    this.emit('change');
    return this.persistAcks();
  }

  private persistAcks(): Promise<void> {
    if (this.queuedWrite) return this.queuedWrite;
    // A failed write must not wedge later ones: the next write carries the same (cumulative) state.
    const write = this.ackWrite
      .catch(() => {})
      .then(() => {
        this.queuedWrite = null;
        return this.acks.write();
      });
    this.queuedWrite = write;
    this.ackWrite = write;
    return write;
  }
}
