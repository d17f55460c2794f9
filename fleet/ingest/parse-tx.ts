/**
 * Turns one message from `v1/kiosks/{id}/tx` into either a valid envelope or a rejection
 * with a reason a person can act on. Never throws: a bad message must not stop the worker.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { kioskIdOfTopic, TxEnvelope } from '../../contract/mqtt.ts';

const checkEnvelope = TypeCompiler.Compile(TxEnvelope);

export type ParsedTx =
  | { kind: 'valid'; tx: TxEnvelope }
  /** kioskId/txId are set when they could be read, so the rejection can be acked. */
  | { kind: 'rejected'; kioskId: string | undefined; txId: string | undefined; why: string };

function readTxId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const txId = (value as { txId?: unknown }).txId;
  return typeof txId === 'string' && txId.length > 0 && txId.length <= 64 ? txId : undefined;
}

/** The first schema error as `path: message`, e.g. `/seq: Expected integer`. */
function schemaProblem(value: unknown): string {
  const first = checkEnvelope.Errors(value).First();
  if (!first) return 'does not match the TxEnvelope schema';
  return `${first.path || '/'}: ${first.message}`;
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
  if (!checkEnvelope.Check(value)) {
    return {
      kind: 'rejected',
      kioskId: topicKiosk,
      txId,
      why: `invalid TxEnvelope at ${schemaProblem(value)}`,
    };
  }
  // The topic is what the broker's ACL confines a kiosk to; the payload must agree with it.
  if (value.kiosk !== topicKiosk) {
    return {
      kind: 'rejected',
      kioskId: topicKiosk,
      txId,
      why: `kiosk '${value.kiosk}' in the payload does not match the topic kiosk '${topicKiosk}'`,
    };
  }
  return { kind: 'valid', tx: value };
}
