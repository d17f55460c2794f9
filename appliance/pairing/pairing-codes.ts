/**
 * One-time pairing codes. `shequ pair` (another process on the box) and an admin in the panel both
 * leave a pending code under `<data>/pairing/pending/`, named by the code's hash; the appliance
 * takes it when a screen presents the code (unlinking it, so a code pairs one screen only).
 */
import { createHash, randomInt } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceRole } from '../../contract/api.ts';
import { writeFileDurably } from '../../platform/durable-file.ts';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed is not mistaken. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_CHARS = 8;
export const DEFAULT_PAIRING_TTL_MS = 15 * 60_000;
export const COUNTER_ID = /^[a-z0-9-]{1,32}$/;

export interface PendingPairing {
  role: DeviceRole;
  counterId?: string;
  label: string;
  createdAt: number;
  expiresAt: number;
  /** Who asked for it: 'cli' or the admin's user name. */
  by: string;
}

export const pairingDir = (dataDir: string) => join(dataDir, 'pairing');
const pendingDir = (dataDir: string) => join(pairingDir(dataDir), 'pending');

/** Upper case, no dashes or spaces, and the letters people type for digits read as those digits. */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

const codeHash = (normalised: string) =>
  createHash('sha256').update(`shequ pairing ${normalised}`).digest('hex');

export function formatCode(normalised: string): string {
  return `${normalised.slice(0, 4)}-${normalised.slice(4)}`;
}

/** A role as the command line writes it: `kiosk`, `board` or `counter-rating:{counterId}`. */
export function parseRole(text: string): { role: DeviceRole; counterId?: string } | null {
  if (text === 'kiosk' || text === 'board') return { role: text };
  const m = /^counter-rating:(.+)$/.exec(text);
  if (m?.[1] && COUNTER_ID.test(m[1])) return { role: 'counter-rating', counterId: m[1] };
  return null;
}

export function describeRole(p: { role: DeviceRole; counterId?: string | undefined }): string {
  return p.role === 'counter-rating' ? `counter-rating:${p.counterId}` : p.role;
}

export async function createPairingCode(
  dataDir: string,
  opts: {
    role: DeviceRole;
    counterId?: string;
    label?: string;
    by: string;
    ttlMs?: number;
    now?: number;
  },
): Promise<{ code: string; pending: PendingPairing }> {
  if (opts.role === 'counter-rating' && !(opts.counterId && COUNTER_ID.test(opts.counterId))) {
    throw new RangeError('a counter-rating screen needs its counter ID');
  }
  const now = opts.now ?? Date.now();
  const normalised = Array.from({ length: CODE_CHARS }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const pending: PendingPairing = {
    role: opts.role,
    ...(opts.role === 'counter-rating' ? { counterId: opts.counterId! } : {}),
    label: opts.label ?? describeRole(opts),
    createdAt: now,
    expiresAt: now + (opts.ttlMs ?? DEFAULT_PAIRING_TTL_MS),
    by: opts.by,
  };
  mkdirSync(pendingDir(dataDir), { recursive: true, mode: 0o700 });
  await writeFileDurably(join(pendingDir(dataDir), `${codeHash(normalised)}.json`), JSON.stringify(pending));
  return { code: formatCode(normalised), pending };
}

/**
 * Takes the pending pairing a code names, once: the file is unlinked before it is used, so two
 * screens presenting the same code cannot both pair. Null for an unknown, used or expired code.
 */
export function takePendingCode(dataDir: string, typed: string, now = Date.now()): PendingPairing | null {
  const normalised = normaliseCode(typed);
  if (normalised.length !== CODE_CHARS || [...normalised].some((c) => !ALPHABET.includes(c))) return null;
  const path = join(pendingDir(dataDir), `${codeHash(normalised)}.json`);
  let pending: PendingPairing;
  try {
    pending = JSON.parse(readFileSync(path, 'utf8')) as PendingPairing;
    unlinkSync(path);
  } catch {
    return null; // unknown, taken a moment ago by another request, or unreadable
  }
  return pending.expiresAt > now ? pending : null;
}

/** Removes expired pending codes (at start; nothing else reads them). */
export function removeExpiredCodes(dataDir: string, now = Date.now()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(pendingDir(dataDir));
  } catch {
    return 0;
  }
  for (const name of names) {
    const path = join(pendingDir(dataDir), name);
    try {
      const pending = JSON.parse(readFileSync(path, 'utf8')) as PendingPairing;
      if (pending.expiresAt > now) continue;
    } catch {
      // unreadable (a torn write): not a usable code either
      if (Date.now() - statSync(path).mtimeMs < 60_000) continue;
    }
    try {
      unlinkSync(path);
      removed++;
    } catch {
      // gone already
    }
  }
  return removed;
}
