/**
 * Builds the shequ_identity mosquitto plugin (shequ_identity.c beside this file) with the
 * system's C compiler and the Debian mosquitto headers, once per version of the source: the tests'
 * brokers load it, and an operator installs the same file as /etc/shequ/broker/shequ_identity.so.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const IDENTITY_PLUGIN_SOURCE = fileURLToPath(new URL('./shequ_identity.c', import.meta.url));
const NEEDS = [
  ['/usr/bin/gcc', 'gcc'],
  ['/usr/include/mosquitto_broker.h', 'mosquitto-dev'],
  ['/usr/include/mosquitto.h', 'libmosquitto-dev'],
] as const;

export class IdentityPluginBuildError extends Error {
  readonly code = 'broker.plugin-build-failed';
}

/** Path of the built plugin (shequ_identity.so), compiling it first if this source was not built yet. */
export async function buildIdentityPlugin(): Promise<string> {
  const missing = NEEDS.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
  if (missing.length > 0) {
    throw new IdentityPluginBuildError(
      `cannot build the broker's identity plugin; install: apt-get install -y ${missing.join(' ')}`,
    );
  }
  const source = await readFile(IDENTITY_PLUGIN_SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `shequ-identity-plugin-${hash}`);
  const out = join(dir, 'shequ_identity.so');
  if (existsSync(out)) return out;
  await mkdir(dir, { recursive: true });
  const partial = `${out}.${process.pid}.tmp`;
  try {
    await run('/usr/bin/gcc', ['-shared', '-fPIC', '-O2', '-Wall', '-o', partial, IDENTITY_PLUGIN_SOURCE]);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? (err as Error).message;
    throw new IdentityPluginBuildError(`building ${IDENTITY_PLUGIN_SOURCE} failed: ${stderr.trim()}`);
  }
  // Several test files may build at once: each writes its own file and the rename is atomic.
  await rename(partial, out);
  return out;
}
