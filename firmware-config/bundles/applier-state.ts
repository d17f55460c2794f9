/**
 * The kiosk's persisted trust state for configuration (TUF's lesson: rollback protection is only
 * as good as the version the device remembers). Written durably before and after each apply.
 */
import { readFile } from 'node:fs/promises';
import { writeFileDurably } from '../../platform/durable-file.ts';

export interface ApplierState {
  v: 1;
  /** Version of the bundle whose configuration is in effect (0: none applied yet). */
  appliedVersion: number;
  /** Highest version that was tried and rolled back; it and anything below are never tried again. */
  failedVersion: number;
  /** Set while a bundle is being applied; found set at start-up, the apply was interrupted. */
  pendingVersion: number | null;
  appliedAt: number | null;
}

export const INITIAL_STATE: ApplierState = {
  v: 1,
  appliedVersion: 0,
  failedVersion: 0,
  pendingVersion: null,
  appliedAt: null,
};

export class ApplierStateError extends Error {
  readonly code = 'config.state-corrupt';
}

export async function readApplierState(path: string): Promise<ApplierState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...INITIAL_STATE };
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<ApplierState>;
    if (typeof parsed.appliedVersion !== 'number') throw new Error('appliedVersion missing');
    return { ...INITIAL_STATE, ...parsed };
  } catch (err) {
    // Refuse to guess: starting again from version 0 would reopen the door to rollback attacks.
    throw new ApplierStateError(`${path} cannot be read: ${(err as Error).message}`);
  }
}

export function writeApplierState(path: string, state: ApplierState): Promise<void> {
  return writeFileDurably(path, `${JSON.stringify(state, null, 2)}\n`);
}
