/** What the `shequ notify` verbs share: options for the database, key file and gateway, and opening them. */
import { type CentralDb, openCentralDb } from '../../db/central-db.ts';
import type { SmsGateway } from '../gateway.ts';
import { LogGateway } from '../log-gateway.ts';
import { PhoneVault, readVaultKeyFile } from '../phone-vault.ts';
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

export class NotifyCliError extends Error {}

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

export function positiveInt(name: string, value: string, min = 0): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new NotifyCliError(`--${name} must be a whole number ≥ ${min}`);
  return n;
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
    throw new NotifyCliError('--smpp must look like smpp://SYSTEM_ID:PASSWORD@HOST:PORT');
  }
  if (url.protocol !== 'smpp:' || !url.username) {
    throw new NotifyCliError('--smpp must look like smpp://SYSTEM_ID:PASSWORD@HOST:PORT');
  }
  return new SmppGateway({
    host: url.hostname,
    port: Number(url.port || 2775),
    systemId: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    sourceAddr: values.source,
    window: positiveInt('window', values.window, 1),
    submitsPerSecond: positiveInt('rate', values.rate),
    log,
  });
}

export const stamp = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
