/**
 * Central's record of the last configuration version issued per target, so every push is above
 * the one before (kiosks refuse anything not above what they applied). One file per target.
 */
import { join } from 'node:path';
import { readJsonFile, writeFileIn } from '../enroll/files.ts';

export type PushTarget = { kiosk: string } | { site: string };

export class VersionConflictError extends Error {
  readonly code = 'config-push.version-conflict';
}

function targetFile(dataDir: string, target: PushTarget): string {
  const name = 'kiosk' in target ? `kiosk-${target.kiosk}` : `site-${target.site}`;
  return join(dataDir, 'config-push', `${name}.json`);
}

export async function lastVersion(dataDir: string, target: PushTarget): Promise<number> {
  return (await readJsonFile<{ version: number }>(targetFile(dataDir, target)))?.version ?? 0;
}

/** The next version: `requested` if it is above the last, else last + 1; a stale request is an error. */
export async function nextVersion(dataDir: string, target: PushTarget, requested?: number): Promise<number> {
  const last = await lastVersion(dataDir, target);
  if (requested === undefined) return last + 1;
  if (requested <= last) {
    throw new VersionConflictError(
      `version ${requested} is not above ${last}, the last one pushed to this target`,
    );
  }
  return requested;
}

export async function recordVersion(
  dataDir: string,
  target: PushTarget,
  version: number,
  at: number,
): Promise<void> {
  await writeFileIn(targetFile(dataDir, target), `${JSON.stringify({ version, at }, null, 2)}\n`);
}
