/**
 * ECDSA P-256 keys (what mosquitto's OpenSSL and Node's TLS both accept for client and server
 * certificates), kept as PKCS#8 PEM on disk and as WebCrypto keys for @peculiar/x509.
 */
import { webcrypto } from 'node:crypto';
import { x509 } from './x509.ts';

export const EC_KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const EC_SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

export function generateEcKeyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_KEY_ALGORITHM, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

export async function privateKeyToPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** Imports a PKCS#8 PEM key for signing, and derives its public key (needed for CSRs and certificates). */
export async function keyPairFromPem(pem: string): Promise<CryptoKeyPair> {
  const der = x509.PemConverter.decode(pem)[0];
  if (!der) throw new Error('no PEM block in the key file');
  const privateKey = (await webcrypto.subtle.importKey('pkcs8', der, EC_KEY_ALGORITHM, true, [
    'sign',
  ])) as CryptoKey;
  const jwk = await webcrypto.subtle.exportKey('jwk', privateKey as webcrypto.CryptoKey);
  const { d: _private, ...publicJwk } = jwk;
  const publicKey = (await webcrypto.subtle.importKey(
    'jwk',
    { ...publicJwk, key_ops: ['verify'] },
    EC_KEY_ALGORITHM,
    true,
    ['verify'],
  )) as CryptoKey;
  return { privateKey, publicKey };
}
