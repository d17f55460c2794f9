/**
 * The device key, from where the configuration says (never from the data directory), checked
 * against the data directory it is meant to open. A key left in the data directory by an older
 * version is moved out at start, with a warning. The data directory keeps only a check value, so a
 * copy of it started with another key (or none) is refused in one line instead of starting with
 * records nobody can open — and never tells anything sealed in it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { DeviceKeyConfig } from '../../contract/config/schema.ts';
import { fsyncDirectory, writeFileDurably } from '../../platform/durable-file.ts';
import { StartupError } from '../core/errors.ts';

export const DEFAULT_CREDENTIAL = 'shequ-device-key';
export const DEFAULT_KEY_VARIABLE = 'SHEQU_DEVICE_KEY';

type Env = Record<string, string | undefined>;

/** Where an older version kept the key, and where the check value lives now. */
export function legacyKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'device.key');
}
const checkPath = (dataDir: string) => join(dataDir, 'keys', 'device-key.check');

/** The key file beside (not in) the data directory: DATA-keys/device.key. */
export function defaultKeyFile(dataDir: string): string {
  return join(`${resolve(dataDir)}-keys`, 'device.key');
}

/** The source when the configuration names none: what systemd or the environment passes, else the file beside the data. */
export function defaultKeySource(dataDir: string, env: Env = process.env): DeviceKeyConfig {
  const credentials = env.CREDENTIALS_DIRECTORY;
  if (credentials && existsSync(join(credentials, DEFAULT_CREDENTIAL)))
    return { source: 'systemd-credential' };
  if (env[DEFAULT_KEY_VARIABLE]) return { source: 'env' };
  return { source: 'file', path: defaultKeyFile(dataDir) };
}

export function describeSource(source: DeviceKeyConfig): string {
  switch (source.source) {
    case 'systemd-credential':
      return `systemd credential ${source.name ?? DEFAULT_CREDENTIAL}`;
    case 'env':
      return `environment variable ${source.variable ?? DEFAULT_KEY_VARIABLE}`;
    case 'file':
      return `key file ${source.path}`;
  }
}

type KeyProblem = 'missing' | 'invalid' | 'permissions' | 'beside-data' | 'conflict' | 'mismatch';
const keyError = (code: KeyProblem, message: string) => new StartupError(`device-key.${code}`, message);

/** 32 raw bytes, or their base64 (what `openssl rand -base64 32` prints). */
function parseKey(raw: Buffer, where: string): Buffer {
  if (raw.length === 32) return raw;
  const decoded = Buffer.from(raw.toString('utf8').trim(), 'base64');
  if (decoded.length !== 32) throw keyError('invalid', `the ${where} is not a 32-byte key (raw, or base64)`);
  return decoded;
}

function readKeyFile(path: string, dataDir: string): Buffer | null {
  const inside = relative(resolve(dataDir), resolve(path));
  if (!inside.startsWith('..') && !inside.startsWith('/')) {
    throw keyError(
      'beside-data',
      `the key file ${path} is inside the data directory: keep it on another path`,
    );
  }
  if (!existsSync(path)) return null;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw keyError(
      'permissions',
      `the key file ${path} is open to others (mode ${mode.toString(8).padStart(4, '0')}): chmod 0400 ${path}`,
    );
  }
  return parseKey(readFileSync(path), `key file ${path}`);
}

/** The key from its source; null only for a key file that does not exist yet. */
function readFromSource(source: DeviceKeyConfig, dataDir: string, env: Env): Buffer | null {
  switch (source.source) {
    case 'systemd-credential': {
      const name = source.name ?? DEFAULT_CREDENTIAL;
      const dir = env.CREDENTIALS_DIRECTORY;
      if (!dir || !existsSync(join(dir, name))) {
        throw keyError(
          'missing',
          `no systemd credential ${name}${dir ? ` in ${dir}` : ' ($CREDENTIALS_DIRECTORY is not set)'}: start the appliance from its unit with LoadCredentialEncrypted=${name}:…`,
        );
      }
      return parseKey(readFileSync(join(dir, name)), `systemd credential ${name}`);
    }
    case 'env': {
      const variable = source.variable ?? DEFAULT_KEY_VARIABLE;
      const value = env[variable];
      if (!value)
        throw keyError('missing', `the environment variable ${variable} with the device key is not set`);
      return parseKey(Buffer.from(value), `environment variable ${variable}`);
    }
    case 'file':
      return readKeyFile(source.path, dataDir);
  }
}

const checkValue = (key: Buffer) => createHmac('sha256', key).update('shequ device key check v1').digest();

async function writeKeyFile(path: string, key: Buffer): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileDurably(path, key.toString('base64'));
  chmodSync(path, 0o400);
}

export interface LoadedDeviceKey {
  key: Buffer;
  /** What happened to the key on the way (created, moved out of the data directory): warnings to log. */
  notes: string[];
}

/**
 * The device key for this data directory. A key file that does not exist is created — unless the
 * data directory was sealed with a key already, which is then refused as missing.
 */
export async function loadDeviceKey(
  dataDir: string,
  source: DeviceKeyConfig,
  env: Env = process.env,
): Promise<LoadedDeviceKey> {
  const notes: string[] = [];
  let key = readFromSource(source, dataDir, env);
  const legacy = legacyKeyPath(dataDir);
  const legacyKey = existsSync(legacy) ? parseKey(readFileSync(legacy), `key file ${legacy}`) : null;
  if (legacyKey && key && !key.equals(legacyKey)) {
    throw keyError(
      'conflict',
      `the data directory holds its own device key (${legacy}), which differs from the ${describeSource(source)}: put that key in the ${describeSource(source)}, or remove it if the data was sealed with the other`,
    );
  }
  if (legacyKey && !key) {
    if (source.source !== 'file') throw keyError('missing', 'unreachable: only a key file may be absent');
    await writeKeyFile(source.path, legacyKey);
    key = legacyKey;
    notes.push(`moved the device key out of the data directory to ${source.path} (mode 0400)`);
  }
  const check = checkPath(dataDir);
  const sealedWith = existsSync(check) ? readFileSync(check) : null;
  if (!key) {
    if (sealedWith) {
      throw keyError(
        'missing',
        `this data directory was sealed with a device key, and there is none at ${describeSource(source)}: give the key it was sealed with (deviceKey in the configuration)`,
      );
    }
    if (source.source !== 'file') throw keyError('missing', 'unreachable: only a key file may be absent');
    key = randomBytes(32);
    await writeKeyFile(source.path, key);
    notes.push(`created a new device key at ${source.path} (mode 0400)`);
  }
  const expected = checkValue(key);
  if (sealedWith && (sealedWith.length !== expected.length || !timingSafeEqual(sealedWith, expected))) {
    throw keyError(
      'mismatch',
      `the ${describeSource(source)} does not open this data directory (copied from another appliance, or the wrong key): give the key it was sealed with`,
    );
  }
  if (!sealedWith) {
    mkdirSync(dirname(check), { recursive: true, mode: 0o700 });
    await writeFileDurably(check, expected);
  }
  if (legacyKey) {
    unlinkSync(legacy);
    await fsyncDirectory(dirname(legacy));
    if (source.source !== 'file') {
      notes.push(
        `removed the copy of the device key from the data directory (it comes from the ${describeSource(source)})`,
      );
    }
  }
  return { key, notes };
}
