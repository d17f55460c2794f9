/**
 * Reading the appliance's small state files that can be rebuilt (outbox acks, agent state, seen
 * commands): one that is torn, truncated or garbage must not stop the appliance. The file's
 * defaults stand in, the damaged file is kept aside for inspection, and the reason is returned
 * for a warning. Orphan temporary files of its interrupted writes are removed.
 */
import { readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Low } from 'lowdb';
import { CorruptFileError } from '../../platform/durable-file.ts';

/** The reason the file was rebuilt, or null when it was read as written. */
export async function readOrRebuild<T>(
  low: Low<T>,
  path: string,
  isValid: (data: unknown) => boolean,
): Promise<string | null> {
  await removeOrphanTemporaries(path);
  const defaults = structuredClone(low.data);
  let problem: string | null = null;
  try {
    await low.read();
    if (!isValid(low.data)) problem = `${path} is corrupt: not the expected document`;
  } catch (err) {
    if (!(err instanceof CorruptFileError)) throw err;
    problem = err.message;
  }
  if (problem === null) return null;
  low.data = defaults;
  await rename(path, `${path}.corrupt-${Date.now()}`);
  return problem;
}

/** Removes `.<name>.<pid>.tmp` files a durable write of `path` left when it was cut short. */
export async function removeOrphanTemporaries(path: string): Promise<string[]> {
  const prefix = `.${basename(path)}.`;
  const dir = dirname(path);
  const names = (await readdir(dir).catch(() => [] as string[])).filter(
    (n) => n.startsWith(prefix) && n.endsWith('.tmp'),
  );
  for (const name of names) await unlink(join(dir, name)).catch(() => {});
  return names;
}
