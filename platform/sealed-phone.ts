/**
 * Sealing a phone number to central's notification key (kiosk side) and opening it (central side):
 * ephemeral-static X25519, HKDF-SHA256, AES-256-GCM with the request's context as additional data.
 * The kiosk holds only the public key, so what it sends it cannot read back.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import type { SealedPhone } from '../contract/notify.ts';

const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export function x25519PublicFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error('an X25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function x25519RawPublic(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}

function sealKey(shared: Buffer, epkRaw: Buffer, context: string): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, epkRaw, `shequ sealed phone|${context}`, 32));
}

export function sealPhone(
  recipient: { kid: string; publicKey: KeyObject },
  phone: string,
  context: string,
): SealedPhone {
  const eph = generateKeyPairSync('x25519');
  const epkRaw = x25519RawPublic(eph.publicKey);
  const key = sealKey(
    diffieHellman({ privateKey: eph.privateKey, publicKey: recipient.publicKey }),
    epkRaw,
    context,
  );
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const ct = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
  return {
    kid: recipient.kid,
    epk: epkRaw.toString('base64'),
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Throws when the seal was made for another key or context, or was altered. */
export function openSealedPhone(privateKey: KeyObject, sealed: SealedPhone, context: string): string {
  const epkRaw = Buffer.from(sealed.epk, 'base64');
  const shared = diffieHellman({ privateKey, publicKey: x25519PublicFromRaw(epkRaw) });
  const decipher = createDecipheriv(
    'aes-256-gcm',
    sealKey(shared, epkRaw, context),
    Buffer.from(sealed.iv, 'base64'),
  );
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString(
    'utf8',
  );
}
