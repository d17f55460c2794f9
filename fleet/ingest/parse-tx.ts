/**
 * Turns one message from `v1/kiosks/{id}/tx` into either a valid envelope or a rejection
 * with a reason a person can act on. Never throws: a bad message must not stop the worker.
 * The envelope is checked first, then the body against the schema of its transaction type.
 */
import { kioskIdOfTopic, TX_BODIES, type TxEnvelope, TxHeader, type TxType } from '../../contract/mqtt.ts';
import { type PayloadDecoder, payloadDecoder } from '../../platform/mqtt-payload.ts';

const headerDecoder = payloadDecoder(TxHeader, 'TxEnvelope');
const bodyDecoders = Object.fromEntries(
  Object.entries(TX_BODIES).map(([type, schema]) => [type, payloadDecoder(schema, `${type} body`)]),
) as { [T in TxType]: PayloadDecoder<(typeof TX_BODIES)[T]> };

export type ParsedTx =
  | { kind: 'valid'; tx: TxEnvelope }
  /** kioskId/txId are set when they could be read, so the rejection can be acked. */
  | { kind: 'rejected'; kioskId: string | undefined; txId: string | undefined; why: string };

function readTxId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const txId = (value as { txId?: unknown }).txId;
  return typeof txId === 'string' && txId.length > 0 && txId.length <= 64 ? txId : undefined;
}

export function parseTx(topic: string, payload: Buffer): ParsedTx {
  const topicKiosk = kioskIdOfTopic(topic);
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    return {
      kind: 'rejected',
      kioskId: topicKiosk,
      txId: undefined,
      why: `not JSON: ${(err as Error).message}`,
    };
  }
  const txId = readTxId(value);
  const header = headerDecoder.check(value);
  if (!header.ok) return { kind: 'rejected', kioskId: topicKiosk, txId, why: header.problem };
  const body = bodyDecoders[header.value.type].check(header.value.body);
  if (!body.ok) return { kind: 'rejected', kioskId: topicKiosk, txId, why: body.problem };
  // The topic is what the broker's ACL confines a kiosk to; the payload must agree with it.
  if (header.value.kiosk !== topicKiosk) {
    return {
      kind: 'rejected',
      kioskId: topicKiosk,
      txId,
      why: `kiosk '${header.value.kiosk}' in the payload does not match the topic kiosk '${topicKiosk}'`,
    };
  }
  return { kind: 'valid', tx: value as TxEnvelope };
}
