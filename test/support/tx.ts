/** Synthetic kiosk transactions for tests; no personal data in them. */
import { monotonicFactory } from 'ulid';
import type { TxEnvelope, TxType } from '../../contract/mqtt.ts';

const nextUlid = monotonicFactory();

export function makeTx(kiosk: string, seq: number, type: TxType = 'ticket.issued'): TxEnvelope {
  return {
    v: 1,
    kiosk,
    txId: nextUlid(),
    seq,
    type,
    ts: Date.now(),
    body: { ticket: `A${String(seq).padStart(3, '0')}`, service: 'social-security' },
  };
}
