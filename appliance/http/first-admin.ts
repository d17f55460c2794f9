/**
 * A real appliance starts with no staff accounts. On its first start it makes one `admin` account
 * with a random password, written to a file only root (the appliance's user) can read, so the
 * installer can log in and create the others; the file says to change it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { writeFileDurably } from '../../platform/durable-file.ts';
import type { StaffAuth } from './staff-auth.ts';

export const FIRST_ADMIN = 'admin';

/** Creates the first admin when there is no account yet; returns the password file it wrote, or null. */
export async function ensureFirstAdmin(auth: StaffAuth, dataDir: string): Promise<string | null> {
  if (auth.hasUsers()) return null;
  const password = randomBytes(12).toString('base64url');
  const file = join(dataDir, 'initial-admin-password');
  await writeFileDurably(file, `${password}\n`);
  await auth.addUser(FIRST_ADMIN, password, 'admin');
  return file;
}
