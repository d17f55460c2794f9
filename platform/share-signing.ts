/**
 * Signing and checking what central shares down (dataset deltas, heads, snapshot manifests), and
 * the content hash both sides compute over a dataset's entries. ed25519 over the canonical JSON of
 * the payload without `sig`, with the keys pinned the same way as for configuration bundles.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { SigningKey, TrustedKey } from './bundle-signature.ts';
import { canonicalJson } from './canonical-json.ts';

export interface ShareSig {
  keyId: string;
  alg: 'ed25519';
  value: string;
}

export function signShared<T extends object>(payload: T, key: SigningKey): T & { sig: ShareSig } {
  const { sig: _ignored, ...body } = payload as T & { sig?: unknown };
  const value = sign(null, Buffer.from(canonicalJson(body), 'utf8'), createPrivateKey(key.privateKeyPem));
  return { ...(body as T), sig: { keyId: key.keyId, alg: 'ed25519', value: value.toString('base64') } };
}

/** Parsed once per pinned key: parsing the PEM cost more than the ed25519 check itself. */
const publicKeys = new Map<string, KeyObject>();
function publicKeyOf(pem: string): KeyObject {
  let key = publicKeys.get(pem);
  if (!key) {
    key = createPublicKey(pem);
    publicKeys.set(pem, key);
  }
  return key;
}

/** Undefined when central's pinned key signed it, else the problem in words. */
export function sharedSignatureProblem(
  payload: { sig: ShareSig },
  trusted: readonly TrustedKey[],
): string | undefined {
  const key = trusted.find((k) => k.keyId === payload.sig.keyId);
  if (!key) return `signed by unknown key ${payload.sig.keyId}`;
  const { sig, ...body } = payload;
  try {
    const good = verify(
      null,
      Buffer.from(canonicalJson(body), 'utf8'),
      publicKeyOf(key.publicKeyPem),
      Buffer.from(sig.value, 'base64'),
    );
    return good ? undefined : 'bad signature';
  } catch {
    return 'bad signature';
  }
}

/** The canonical JSON of a dataset's entries (keys sorted): what snapshots carry and hashes cover. */
export function canonicalEntries(entries: Record<string, unknown>): string {
  return canonicalJson(entries);
}

export function contentHash(entries: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalEntries(entries), 'utf8').digest('hex');
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
