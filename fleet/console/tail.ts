/**
 * Follows transactions as kiosks send them (a plain, non-shared subscription, so watching takes
 * nothing away from the ingest workers), and optionally the acks central sends back.
 */
import type { MqttClient } from 'mqtt';
import { topics } from '../../contract/mqtt.ts';
import { parseTx } from '../ingest/parse-tx.ts';

export type TailEvent =
  | { kind: 'tx'; at: number; kioskId: string; seq: number; type: string; txId: string; body: unknown }
  | { kind: 'invalid'; at: number; kioskId: string | undefined; why: string }
  | { kind: 'ack'; at: number; kioskId: string; counts: Record<string, number> };

export async function tailTransactions(
  client: MqttClient,
  opts: { kioskId?: string; acks?: boolean },
  onEvent: (e: TailEvent) => void,
): Promise<() => Promise<void>> {
  const kiosk = opts.kioskId ?? '+';
  const txFilter = topics.tx(kiosk);
  const ackFilter = topics.ack(kiosk);
  const onMessage = (topic: string, payload: Buffer) => {
    const at = Date.now();
    if (topic.endsWith('/tx')) {
      const parsed = parseTx(topic, payload);
      if (parsed.kind === 'valid') {
        const { kiosk: kioskId, seq, type, txId, body } = parsed.tx;
        onEvent({ kind: 'tx', at, kioskId, seq, type, txId, body });
      } else onEvent({ kind: 'invalid', at, kioskId: parsed.kioskId, why: parsed.why });
    } else if (topic.endsWith('/ack')) {
      const counts: Record<string, number> = {};
      try {
        const { acks } = JSON.parse(payload.toString('utf8')) as { acks: Array<{ r: string }> };
        for (const a of acks) counts[a.r] = (counts[a.r] ?? 0) + 1;
      } catch {
        return;
      }
      onEvent({ kind: 'ack', at, kioskId: topic.split('/')[2] ?? '?', counts });
    }
  };
  client.on('message', onMessage);
  const filters = opts.acks ? [txFilter, ackFilter] : [txFilter];
  await client.subscribeAsync(filters, { qos: 1 });
  return async () => {
    client.off('message', onMessage);
    await client.unsubscribeAsync(filters).catch(() => {});
  };
}

export function formatTailEvent(e: TailEvent, withBody: boolean): string {
  const time = new Date(e.at).toISOString().slice(11, 23);
  switch (e.kind) {
    case 'tx':
      return `${time} ${e.kioskId} seq=${e.seq} ${e.type} ${e.txId}${withBody ? ` ${JSON.stringify(e.body)}` : ''}`;
    case 'invalid':
      return `${time} ${e.kioskId ?? '?'} INVALID ${e.why}`;
    case 'ack':
      return `${time} ${e.kioskId} ack ${Object.entries(e.counts)
        .map(([r, n]) => `${r}×${n}`)
        .join(' ')}`;
  }
}
