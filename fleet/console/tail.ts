/**
 * Follows transactions as kiosks send them (a plain, non-shared subscription, so watching takes
 * nothing away from the ingest workers), and optionally the acks central sends back. A service is
 * named as the kiosk's own configuration names it (its retained `config/desired` bundle), so the
 * operator reads 社保卡 rather than an ID.
 */
import type { MqttClient } from 'mqtt';
import { topics } from '../../contract/mqtt.ts';
import { parseTx } from '../ingest/parse-tx.ts';
import { localClockMs } from './local-time.ts';

export type TailEvent =
  | {
      kind: 'tx';
      at: number;
      kioskId: string;
      seq: number;
      type: string;
      txId: string;
      /** `社保卡 (social-security)` when the kiosk's configuration names it, else the bare ID. */
      service: string | undefined;
      body: unknown;
    }
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
  const desiredFilter = topics.configDesired(kiosk);
  const names = new Map<string, Map<string, string>>();
  const onMessage = (topic: string, payload: Buffer) => {
    const at = Date.now();
    if (topic.endsWith('/config/desired')) {
      names.set(topic.split('/')[2] ?? '?', serviceNames(payload));
    } else if (topic.endsWith('/tx')) {
      const parsed = parseTx(topic, payload);
      if (parsed.kind === 'valid') {
        const { kiosk: kioskId, seq, type, txId, body } = parsed.tx;
        const id = serviceIdOf(body);
        const name = id === undefined ? undefined : names.get(kioskId)?.get(id);
        const service = id === undefined ? undefined : name ? `${name} (${id})` : id;
        onEvent({ kind: 'tx', at, kioskId, seq, type, txId, service, body });
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
  // Names first: the retained bundles arrive before the first transaction is shown.
  await client.subscribeAsync(desiredFilter, { qos: 1 });
  const filters = opts.acks ? [txFilter, ackFilter] : [txFilter];
  await client.subscribeAsync(filters, { qos: 1 });
  return async () => {
    client.off('message', onMessage);
    await client.unsubscribeAsync([...filters, desiredFilter]).catch(() => {});
  };
}

/** Service ID → name from a kiosk's desired configuration bundle; empty when it has none readable. */
function serviceNames(payload: Buffer): Map<string, string> {
  try {
    const bundle = JSON.parse(payload.toString('utf8')) as {
      config?: { services?: Array<{ id?: unknown; name?: unknown }> };
    };
    const out = new Map<string, string>();
    for (const s of bundle.config?.services ?? [])
      if (typeof s.id === 'string' && typeof s.name === 'string') out.set(s.id, s.name);
    return out;
  } catch {
    return new Map();
  }
}

function serviceIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { serviceId, toServiceId } = body as { serviceId?: unknown; toServiceId?: unknown };
  if (typeof serviceId === 'string') return serviceId;
  return typeof toServiceId === 'string' ? toServiceId : undefined;
}

/** One line per event, its arrival on this machine's local clock. */
export function formatTailEvent(e: TailEvent, withBody: boolean): string {
  const time = localClockMs(e.at);
  switch (e.kind) {
    case 'tx':
      return `${time} ${e.kioskId} seq=${e.seq} ${e.type}${e.service ? ` ${e.service}` : ''} ${e.txId}${withBody ? ` ${JSON.stringify(e.body)}` : ''}`;
    case 'invalid':
      return `${time} ${e.kioskId ?? '?'} INVALID ${e.why}`;
    case 'ack':
      return `${time} ${e.kioskId} ack ${Object.entries(e.counts)
        .map(([r, n]) => `${r}×${n}`)
        .join(' ')}`;
  }
}
