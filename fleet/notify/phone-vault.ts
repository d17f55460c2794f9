/**
 * Phone numbers at rest. The key file lives apart from the database (default var/notify/notify.key,
 * mode 0600): a 32-byte secret from which HKDF derives the AES-256-GCM key that encrypts numbers and
 * the HMAC key that indexes them, plus the X25519 key kiosks seal numbers to on the wire. A stolen
 * database without the key file yields neither the numbers nor a way to test guesses against them.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SealedPhone } from '../../contract/notify.ts';
import { openSealedPhone, x25519RawPublic } from '../../platform/sealed-phone.ts';

const FORMAT = 1;

export interface VaultKeyFile {
  v: 1;
  kid: string;
  secret: string;
  sealPrivateKey: string;
}

export class VaultKeyError extends Error {
  readonly code = 'NOTIFY_KEY';
}

export function newVaultKeyFile(): VaultKeyFile {
  const { privateKey } = generateKeyPairSync('x25519');
  return {
    v: 1,
    kid: randomBytes(4).toString('hex'),
    secret: randomBytes(32).toString('base64'),
    sealPrivateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** Writes a new key file; refuses to overwrite one, since that would orphan every stored number. */
export function writeVaultKeyFile(path: string, key = newVaultKeyFile()): VaultKeyFile {
  if (existsSync(path)) throw new VaultKeyError(`${path} exists; refusing to replace the key`);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(key)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return key;
}

export function readVaultKeyFile(path: string): VaultKeyFile {
  let parsed: Partial<VaultKeyFile>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<VaultKeyFile>;
  } catch (err) {
    throw new VaultKeyError(`cannot read the notification key ${path}: ${(err as Error).message}`);
  }
  if (parsed.v !== 1 || !parsed.kid || !parsed.secret || !parsed.sealPrivateKey) {
    throw new VaultKeyError(`${path} is not a notification key file`);
  }
  return parsed as VaultKeyFile;
}

export class PhoneVault {
  readonly kid: string;
  private readonly encKey: Buffer;
  private readonly hashKey: Buffer;
  private readonly sealKey: KeyObject;

  constructor(file: VaultKeyFile) {
    const secret = Buffer.from(file.secret, 'base64');
    if (secret.length !== 32) throw new VaultKeyError('the notification key secret must be 32 bytes');
    this.kid = file.kid;
    this.encKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'shequ notify phone enc', 32));
    this.hashKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'shequ notify phone hash', 32));
    this.sealKey = createPrivateKey(file.sealPrivateKey);
  }

  /** Keyed hash of a normalised number: the only form in which numbers are looked up. */
  hash(phone: string): Buffer {
    return createHmac('sha256', this.hashKey).update(phone).digest();
  }

  /** format byte | 12-byte IV | 16-byte tag | ciphertext; the hash is the additional data. */
  encrypt(phone: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(this.hash(phone));
    const ct = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), ct]);
  }

  decrypt(blob: Buffer, hash: Buffer): string {
    if (blob[0] !== FORMAT) throw new VaultKeyError('unknown phone ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, blob.subarray(1, 13));
    decipher.setAAD(hash);
    decipher.setAuthTag(blob.subarray(13, 29));
    return Buffer.concat([decipher.update(blob.subarray(29)), decipher.final()]).toString('utf8');
  }

  /** The public half kiosks seal numbers to (published retained on v1/fleet/notify/key). */
  sealingPublicKey(): { kid: string; publicKey: string } {
    return { kid: this.kid, publicKey: x25519RawPublic(createPublicKey(this.sealKey)).toString('base64') };
  }

  openSealed(sealed: SealedPhone, context: string): string {
    if (sealed.kid !== this.kid) throw new VaultKeyError('sealed for another notification key');
    return openSealedPhone(this.sealKey, sealed, context);
  }
}
