/** What every `shequ fleet` console command shares: how it finds its broker, and which failures are expected. */
import type { ExpectedError } from '../../platform/cli/index.ts';
import { DataDirInUseError } from '../../platform/data-dir-lock.ts';
import { ConsoleAuthError, ConsoleConnectError } from '../console/connect.ts';
import { CentralDbError } from '../db/central-db.ts';
import { TlsFilesError } from '../tls-files.ts';
import { DEFAULT_DEMO_DATA, DEMO_DATA_ENV } from './broker-target.ts';

/** How every fleet command finds its broker (see broker-target.ts). */
export const BROKER_OPTIONS = {
  broker: { type: 'string' },
  data: { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
} as const;

export const BROKER_HELP = `Without --broker URL, the running demo's broker is used, as DIR/broker.json describes it
(DIR: --data DIR, else $${DEMO_DATA_ENV}, else ${DEFAULT_DEMO_DATA}). MQTT 5 is tried first, 3.1.1 when the broker refuses it.
--ca FILE --cert FILE --key FILE: mutual TLS for an mqtts:// broker (user:password@ in the URL otherwise).
`;

export const CONSOLE_ERRORS: readonly ExpectedError[] = [
  [ConsoleAuthError, 'check the console credentials (DIR/broker.json, or user:password@ in --broker URL)'],
  [ConsoleConnectError, 'is the broker running, and is the address right?'],
  TlsFilesError,
  [DataDirInUseError, 'read it with the process that holds it stopped, or use PostgreSQL'],
  [CentralDbError, 'check --db'],
];
