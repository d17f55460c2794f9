/** The central side's public API: the database, the ingest worker and queries over what it stored. */
export { type CentralDb, CentralDbError, openCentralDb, type SqlRunner } from './db/central-db.ts';
export { queryTransactions, type StoredTx } from './ingest/query-transactions.ts';
export { IngestConnectError, type IngestOptions, type IngestWorker, startIngest } from './ingest/worker.ts';
export { type KioskRow, queryKiosks } from './kiosks/kiosk-store.ts';
export { statusSupersedes } from './kiosks/status-rule.ts';
