/**
 * The code of an appointment booked through central (the district's online booking service), as
 * the resident shows it at the kiosk: `SQ1.C.{payload}.{signature}`, both base32 (inside the QR
 * alphanumeric set, and safe when a scanner upper-cases). The payload names the kiosk, the booking,
 * the service, day and slot; central signs it with ed25519, the key the kiosk pinned at enrolment,
 * so the kiosk checks it in offline, even before the booking itself has reached it.
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { fromBase32, toBase32 } from './base32.ts';
import type { SigningKey, TrustedKey } from './bundle-signature.ts';

export const CENTRAL_BOOKING_PREFIX = 'SQ1.C.';

export interface CentralBookingFields {
  kioskId: string;
  bookingId: string;
  serviceId: string;
  /** 'YYYY-MM-DD' */
  day: string;
  /** 'HH:MM' */
  slot: string;
}

/** Short keys keep the symbol small. */
interface Payload {
  k: string;
  i: string;
  b: string;
  s: string;
  d: string;
  t: string;
}

export function signCentralBooking(fields: CentralBookingFields, key: SigningKey): string {
  const payload: Payload = {
    k: key.keyId,
    i: fields.kioskId,
    b: fields.bookingId,
    s: fields.serviceId,
    d: fields.day,
    t: fields.slot,
  };
  const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
  const sig = sign(null, bytes, createPrivateKey(key.privateKeyPem));
  return `${CENTRAL_BOOKING_PREFIX}${toBase32(bytes)}.${toBase32(sig)}`;
}

export type CentralBookingVerdict =
  | { ok: true; fields: CentralBookingFields }
  | { ok: false; why: 'not-central' | 'malformed' | 'unknown-key' | 'bad-signature' | 'another-kiosk' };

export const isCentralBookingCode = (text: string): boolean =>
  text.trim().toUpperCase().startsWith(CENTRAL_BOOKING_PREFIX);

/** Checks the code against central's pinned keys; nothing else is needed (no uplink). */
export function verifyCentralBooking(text: string, trusted: readonly TrustedKey[]): CentralBookingVerdict {
  const code = text.trim().toUpperCase();
  if (!code.startsWith(CENTRAL_BOOKING_PREFIX)) return { ok: false, why: 'not-central' };
  const [body, sigText, ...rest] = code.slice(CENTRAL_BOOKING_PREFIX.length).split('.');
  const bytes = body ? fromBase32(body) : null;
  const sig = sigText ? fromBase32(sigText) : null;
  if (!bytes || !sig || rest.length > 0) return { ok: false, why: 'malformed' };
  let p: Partial<Payload>;
  try {
    p = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<Payload>;
  } catch {
    return { ok: false, why: 'malformed' };
  }
  const fields = [p.k, p.i, p.b, p.s, p.d, p.t];
  if (fields.some((f) => typeof f !== 'string')) return { ok: false, why: 'malformed' };
  const key = trusted.find((k) => k.keyId === p.k);
  if (!key) return { ok: false, why: 'unknown-key' };
  let good = false;
  try {
    good = verify(null, bytes, createPublicKey(key.publicKeyPem), sig);
  } catch {
    good = false;
  }
  if (!good) return { ok: false, why: 'bad-signature' };
  return {
    ok: true,
    fields: { kioskId: p.i!, bookingId: p.b!, serviceId: p.s!, day: p.d!, slot: p.t! },
  };
}
