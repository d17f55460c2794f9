/** What a kiosk checks on every shared message before it touches its data: schema, topic, signature, entries. */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  DATASET_ENTRIES,
  DATASET_SCOPES,
  type DeltaOp,
  type StreamRef,
  shareTopics,
} from '../../contract/sharing.ts';
import type { TrustedKey } from '../../platform/bundle-signature.ts';
import { type ShareSig, sharedSignatureProblem } from '../../platform/share-signing.ts';

const entryCheckers = Object.fromEntries(
  Object.entries(DATASET_ENTRIES).map(([name, schema]) => [name, TypeCompiler.Compile(schema)]),
);

export interface KioskScopes {
  kioskId: string;
  siteId?: string;
  districtId?: string;
}

/** The topic a message of this stream must arrive on, for this kiosk (head or delta). */
function expectedTopic(kioskId: string, ref: StreamRef, kind: 'head' | 'delta'): string {
  if (ref.scope === 'district')
    return kind === 'head' ? shareTopics.districtHead(ref.dataset) : shareTopics.districtDelta(ref.dataset);
  if (ref.scope === 'site')
    return kind === 'head'
      ? shareTopics.siteHead(ref.scopeId, ref.dataset)
      : shareTopics.siteDelta(ref.scopeId, ref.dataset);
  return kind === 'head'
    ? shareTopics.kioskHead(kioskId, ref.dataset)
    : shareTopics.kioskDelta(kioskId, ref.dataset);
}

/** Undefined when the stream is one this kiosk holds, else why not. */
export function scopeProblem(scopes: KioskScopes, ref: StreamRef): string | undefined {
  if (!DATASET_SCOPES[ref.dataset].includes(ref.scope))
    return `${ref.dataset} is never shared at ${ref.scope} scope`;
  if (ref.scope === 'kiosk' && ref.scopeId !== scopes.kioskId)
    return `kiosk ${ref.scopeId} is not this kiosk`;
  if (ref.scope === 'site' && scopes.siteId && ref.scopeId !== scopes.siteId)
    return `site ${ref.scopeId} is not this kiosk's site`;
  if (ref.scope === 'district' && scopes.districtId && ref.scopeId !== scopes.districtId)
    return `district ${ref.scopeId} is not this kiosk's district`;
  return undefined;
}

/** Checks a head or delta against the topic it came on, the kiosk's scopes and central's pinned keys. */
export function messageProblem(
  scopes: KioskScopes,
  trusted: readonly TrustedKey[],
  topic: string | null,
  kind: 'head' | 'delta' | 'manifest',
  msg: StreamRef & { sig: ShareSig },
): string | undefined {
  const scope = scopeProblem(scopes, msg);
  if (scope) return scope;
  if (topic !== null && kind !== 'manifest' && topic !== expectedTopic(scopes.kioskId, msg, kind))
    return `a ${msg.scope} ${msg.dataset} ${kind} does not belong on ${topic}`;
  const sig = sharedSignatureProblem(msg, trusted);
  return sig ? `${sig}: not from central` : undefined;
}

export function opsProblem(dataset: StreamRef['dataset'], ops: readonly DeltaOp[]): string | undefined {
  const checker = entryCheckers[dataset]!;
  for (const op of ops) {
    if (op.op === 'put' && !checker.Check(op.value)) {
      const first = checker.Errors(op.value).First();
      return `${dataset} entry ${op.key} invalid at ${first?.path || '/'}: ${first?.message ?? 'invalid'}`;
    }
  }
  return undefined;
}
