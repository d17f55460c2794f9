/** What the `shequ notify` verbs share: options for the database, key file and gateway, and opening them. */
import { CliError, integerInRange } from '../../../platform/cli/index.ts';
import { DataDirInUseError } from '../../../platform/data-dir-lock.ts';
import { type CentralDb, CentralDbError, openCentralDb } from '../../db/central-db.ts';
import type { SmsGateway } from '../gateway.ts';
import { LogGateway } from '../log-gateway.ts';
import { BadPhoneError } from '../phone.ts';
import { PhoneVault, readVaultKeyFile, VaultKeyError } from '../phone-vault.ts';
import { SmppGateway } from '../smpp/smpp-gateway.ts';

export const DEFAULT_KEY_FILE = 'var/notify/notify.key';

export const dbOptions = {
  db: { type: 'string' },
  data: { type: 'string' },
  key: { type: 'string' },
} as const;

export const gatewayOptions = {
  smpp: { type: 'string' },
  source: { type: 'string', default: '106900000001' },
  window: { type: 'string', default: '10' },
  rate: { type: 'string', default: '0' },
} as const;

export const dbHelp = `  --db URL     central PostgreSQL (postgres://…); without it PGlite, in --data DIR or in memory
  --data DIR   PGlite data directory (the same one central uses)
  --key FILE   the notification key file (default ${DEFAULT_KEY_FILE}, or $SHEQU_NOTIFY_KEY)`;

export const gatewayHelp = `  --smpp URL   smpp://SYSTEM_ID:PASSWORD@HOST:PORT of the operator's SMSC; without it messages are only logged (masked)
  --source N   the service number messages come from (default 106900000001)
  --window N   submit_sm outstanding at once (default 10)
  --rate N     at most N submits per second through this bind (default 0 = the SMSC's throttling decides)`;

export function keyFile(value: string | undefined): string {
  return value ?? process.env.SHEQU_NOTIFY_KEY ?? DEFAULT_KEY_FILE;
}

export async function openStores(values: { db?: string; data?: string; key?: string }): Promise<{
  db: CentralDb;
  vault: PhoneVault;
}> {
  const vault = new PhoneVault(readVaultKeyFile(keyFile(values.key)));
  const db = await openCentralDb(values.db ?? values.data);
  return { db, vault };
}

/** Failures a notify command expects: one line (exit 1), with what to do where that helps. */
const EXPECTED: ReadonlyArray<[abstract new (...args: never[]) => Error, string?]> = [
  [BadPhoneError],
  [VaultKeyError, 'create one with shequ notify keygen, or pass --key'],
  [CentralDbError, 'check --db or --data'],
  [DataDirInUseError],
];

export async function expectingFailures<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    const known = EXPECTED.find(([type]) => err instanceof type);
    if (!known) throw err;
    const message = (err as Error).message;
    throw new CliError(known[1] && !message.includes('keygen') ? `${message}; ${known[1]}` : message, {
      cause: err,
    });
  }
}

export function gatewayFrom(
  values: { smpp?: string; source: string; window: string; rate: string },
  log: (line: string) => void,
): SmsGateway {
  if (!values.smpp) return new LogGateway(log);
  let url: URL;
  try {
    url = new URL(values.smpp);
  } catch {
    throw new CliError('--smpp must look like smpp://SYSTEM_ID:PASSWORD@HOST:PORT');
  }
  if (url.protocol !== 'smpp:' || !url.username) {
    throw new CliError('--smpp must look like smpp://SYSTEM_ID:PASSWORD@HOST:PORT');
  }
  return new SmppGateway({
    host: url.hostname,
    port: Number(url.port || 2775),
    systemId: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    sourceAddr: values.source,
    window: integerInRange(values.window, '--window', { min: 1, max: 1000 }),
    submitsPerSecond: integerInRange(values.rate, '--rate', { min: 0, max: 100_000 }),
    log,
  });
}

export const stamp = (line: string): void =>
  void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
