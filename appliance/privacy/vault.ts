/**
 * Personal data at rest: sealed with AES-256-GCM under the device key, found again by an HMAC of
 * the ID number under a key derived from the same device key. The key comes from outside the data
 * directory (privacy/device-key.ts) and never leaves the appliance.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface PersonDetails {
  name: string;
  number: string;
  address?: string;
}

export class DeviceVault {
  private readonly sealKey: Buffer;
  private readonly lookupKey: Buffer;

  constructor(deviceKey: Buffer) {
    if (deviceKey.length !== 32) throw new Error('device key must be 32 bytes');
    this.sealKey = Buffer.from(hkdfSync('sha256', deviceKey, Buffer.alloc(0), 'shequ seal v1', 32));
    this.lookupKey = Buffer.from(hkdfSync('sha256', deviceKey, Buffer.alloc(0), 'shequ lookup v1', 32));
  }

  /** A 32-byte key for another purpose (e.g. signing QR codes), derived so it reveals nothing of the others. */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.sealKey, Buffer.alloc(0), `shequ ${purpose} v1`, 32));
  }

  /** Stable keyed hash of an ID number: equal numbers give equal refs; the number cannot be recovered. */
  lookupRef(idNumber: string): string {
    return createHmac('sha256', this.lookupKey).update(idNumber.toUpperCase()).digest('base64url');
  }

  seal(details: PersonDetails): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(details), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string): PersonDetails {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as PersonDetails;
  }
}
