/**
 * Claim codes issued by operators (`shequ fleet enroll claim --site S --ttl 24h`). Only a hash of
 * each code is stored. One file per claim, and single use enforced with exclusive-create marker
 * files, so the CLI and one or more enrolment services can share the directory without a lock.
 *   claims/<hash>.json    the claim: site, optional kiosk ID, expiry, approval required
 *   claims/<hash>.bound   created when a serial first presents the code (no other serial may)
 *   claims/<hash>.used    created when a certificate is issued against it
 */
import { createHash, randomInt } from 'node:crypto';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile, writeFileIn } from './files.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

export interface Claim {
  siteId: string;
  kioskId?: string;
  requireApproval: boolean;
  createdAt: number;
  expiresAt: number;
  note?: string;
}

export interface ClaimUse {
  serial: string;
  kioskId: string;
  usedAt: number;
  publicKeyId: string;
  certificate: string;
}

export function normaliseClaimCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

export function hashClaimCode(code: string): string {
  return createHash('sha256').update(normaliseClaimCode(code)).digest('hex');
}

/** 12 characters (60 bits), shown as XXXX-XXXX-XXXX for an installer to type. */
export function newClaimCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Creates a file only if it does not exist yet; false if another holder was first. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

export class ClaimStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'enroll', 'claims');
  }

  private path(hash: string, ext: 'json' | 'bound' | 'used'): string {
    return join(this.dir, `${hash}.${ext}`);
  }

  async issue(claim: Claim): Promise<string> {
    const code = newClaimCode();
    await writeFileIn(this.path(hashClaimCode(code), 'json'), `${JSON.stringify(claim, null, 2)}\n`);
    return code;
  }

  get(hash: string): Promise<Claim | null> {
    return readJsonFile<Claim>(this.path(hash, 'json'));
  }

  /** Binds the claim to a serial; true if it is now (or already was) bound to that serial. */
  async bind(hash: string, serial: string): Promise<boolean> {
    if (await createExclusive(this.path(hash, 'bound'), JSON.stringify({ serial }))) return true;
    const bound = await readJsonFile<{ serial: string }>(this.path(hash, 'bound'));
    return bound?.serial === serial;
  }

  use(hash: string, use: ClaimUse): Promise<boolean> {
    return createExclusive(this.path(hash, 'used'), JSON.stringify(use));
  }

  usage(hash: string): Promise<ClaimUse | null> {
    return readJsonFile<ClaimUse>(this.path(hash, 'used'));
  }

  async list(): Promise<Array<Claim & { hash: string; used: ClaimUse | null }>> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: Array<Claim & { hash: string; used: ClaimUse | null }> = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const hash = name.slice(0, -'.json'.length);
      const claim = await this.get(hash);
      if (claim) out.push({ ...claim, hash, used: await this.usage(hash) });
    }
    return out;
  }
}
