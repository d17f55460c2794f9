/** The central side's public API: the database, the ingest worker and queries over what it stored. */

export type { ConsoleContext, ConsoleModule, PageSpec, RouteSpec } from './central/module.ts';
export type { DirectoryEntry } from './central/modules/directory.ts';
export {
  type CentralOptions,
  DEMO_ACCOUNTS,
  type DemoAccount,
  type RunningCentral,
  startCentral,
} from './central/start.ts';
export { type CentralDb, CentralDbError, openCentralDb, type SqlRunner } from './db/central-db.ts';
export { queryTransactions, type StoredTx } from './ingest/query-transactions.ts';
export { IngestConnectError, type IngestOptions, type IngestWorker, startIngest } from './ingest/worker.ts';
export { type KioskRow, queryKiosks } from './kiosks/kiosk-store.ts';
export { statusSupersedes } from './kiosks/status-rule.ts';
