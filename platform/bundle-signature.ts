/**
 * ed25519 signatures over configuration bundles. Central operations holds the private key (kept
 * apart from the TLS and broker credentials, so a broker compromise cannot push configuration);
 * kiosks pin the public keys by key ID, several at once during a rotation.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import type { ConfigBundle, UnsignedBundle } from '../contract/config/bundle.ts';
import { canonicalJson } from './canonical-json.ts';

export interface TrustedKey {
  keyId: string;
  publicKeyPem: string;
}

export interface SigningKey {
  keyId: string;
  privateKeyPem: string;
}

/** Key ID = first 16 hex digits of SHA-256 over the public key's SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function generateSigningKey(): { signing: SigningKey; trusted: TrustedKey } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKey);
  return {
    signing: { keyId, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    trusted: { keyId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  };
}

export function trustedKeyOf(signing: SigningKey): TrustedKey {
  const publicKey = createPublicKey(createPrivateKey(signing.privateKeyPem));
  return { keyId: signing.keyId, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function signBundle(bundle: UnsignedBundle, key: SigningKey): ConfigBundle {
  const { sig: _ignored, ...body } = bundle as UnsignedBundle & { sig?: unknown };
  const value = sign(null, Buffer.from(canonicalJson(body), 'utf8'), createPrivateKey(key.privateKeyPem));
  return { ...body, sig: { keyId: key.keyId, alg: 'ed25519', value: value.toString('base64') } };
}

export type SignatureVerdict = { ok: true } | { ok: false; reason: 'unknown-key' | 'bad-signature' };

export function verifyBundleSignature(
  bundle: ConfigBundle,
  trusted: readonly TrustedKey[],
): SignatureVerdict {
  const key = trusted.find((k) => k.keyId === bundle.sig.keyId);
  if (!key) return { ok: false, reason: 'unknown-key' };
  const { sig, ...body } = bundle;
  let good = false;
  try {
    good = verify(
      null,
      Buffer.from(canonicalJson(body), 'utf8'),
      createPublicKey(key.publicKeyPem),
      Buffer.from(sig.value, 'base64'),
    );
  } catch {
    good = false;
  }
  return good ? { ok: true } : { ok: false, reason: 'bad-signature' };
}
