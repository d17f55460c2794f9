/**
 * The outbox's transmit window: at most `size` transactions published and not yet acked at central.
 * A transaction leaves the window on its ack, on a failed publish, or when its ack is overdue (it is
 * then published again with the same txId; central deduplicates).
 */
import type { MqttClient } from 'mqtt';
import { CONTRACT_VERSION, type TypedTxEnvelope, topics } from '../../contract/mqtt.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { TxEntry } from '../store/records.ts';

export class TxWindow {
  private readonly sentAt = new Map<string, number>();

  constructor(
    private readonly kioskId: string,
    private readonly outbox: Outbox,
    private readonly size: number,
    private readonly ackTimeoutMs: number,
  ) {}

  /** Publishes pending transactions until the window is full. */
  fill(client: MqttClient): void {
    const room = this.size - this.sentAt.size;
    if (room <= 0) return;
    let sent = 0;
    for (const tx of this.outbox.pending(this.size + this.sentAt.size)) {
      if (sent >= room) break;
      if (this.sentAt.has(tx.txId)) continue;
      this.publish(client, tx);
      sent++;
    }
  }

  acked(txId: string): void {
    this.sentAt.delete(txId);
  }

  /** Forgets everything in flight (the connection is gone, or central asked for a resend). */
  clear(): void {
    this.sentAt.clear();
  }

  /** Drops transactions whose ack is overdue; true when any was dropped (the caller refills). */
  expireOverdue(now = Date.now()): boolean {
    let expired = false;
    for (const [txId, at] of this.sentAt) {
      if (now - at >= this.ackTimeoutMs) {
        this.sentAt.delete(txId);
        expired = true;
      }
    }
    return expired;
  }

  private publish(client: MqttClient, tx: TxEntry): void {
    const envelope: TypedTxEnvelope = { v: CONTRACT_VERSION, kiosk: this.kioskId, ...tx };
    this.sentAt.set(tx.txId, Date.now());
    client.publish(topics.tx(this.kioskId), JSON.stringify(envelope), { qos: 1 }, (err) => {
      // PUBACK only means the broker has it; the outbox keeps it until central acks.
      if (err) this.sentAt.delete(tx.txId);
    });
  }
}
