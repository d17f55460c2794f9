/**
 * Personal data at rest: sealed with AES-256-GCM under the device key, found again by an HMAC of
 * the ID number under a key derived from the same device key. The key file is created on first
 * start with mode 0600 and never leaves the appliance.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileDurably } from '../../platform/durable-file.ts';

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

  static async openOrCreate(keyPath: string): Promise<DeviceVault> {
    if (!existsSync(keyPath)) {
      mkdirSync(dirname(keyPath), { recursive: true, mode: 0o700 });
      await writeFileDurably(keyPath, randomBytes(32).toString('base64'));
    }
    const key = Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64');
    return new DeviceVault(key);
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
