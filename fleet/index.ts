/** The central side's public API: the database, the ingest worker and queries over what it stored. */

import type { CentralOptions, RunningCentral } from './central/start.ts';
import type { NotifyService, NotifyServiceOptions } from './notify/demo-service.ts';

export { DEMO_ACCOUNTS, type DemoAccount } from './central/demo-accounts.ts';
export type { ConsoleContext, ConsoleModule, PageSpec, RouteSpec } from './central/module.ts';
export type { DirectoryEntry } from './central/modules/directory.ts';
export type { CentralOptions, RunningCentral } from './central/start.ts';
export { type CentralDb, CentralDbError, openCentralDb, type SqlRunner } from './db/central-db.ts';
export { queryTransactions, type StoredTx } from './ingest/query-transactions.ts';
export { IngestConnectError, type IngestOptions, type IngestWorker, startIngest } from './ingest/worker.ts';
export { type KioskRow, queryKiosks } from './kiosks/kiosk-store.ts';
export { statusSupersedes } from './kiosks/status-rule.ts';
export type { NotifyService, NotifyServiceOptions } from './notify/demo-service.ts';

/**
 * Starts the central console (and, given a broker, an ingest worker). Loaded on first use, so a
 * process that only runs ingest (the kiosk's demo today) does not load the console's modules.
 */
export async function startCentral(opts?: CentralOptions): Promise<RunningCentral> {
  return (await import('./central/start.ts')).startCentral(opts);
}

/** The notification service in this process (the demo's: log-only gateway, the kiosks' opt-in). */
export async function startNotifyService(opts: NotifyServiceOptions): Promise<NotifyService> {
  return (await import('./notify/demo-service.ts')).startNotifyService(opts);
}

/** Builds the console's web app when it is not built yet (a fresh clone's `npm start`). */
export async function ensureConsoleWebBuilt(log: (line: string) => void): Promise<void> {
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { buildConsoleWeb, consoleWebDir } = await import('./console-web/build.ts');
  if (existsSync(join(consoleWebDir, 'index.html'))) return;
  log(`building the central console (not built yet) into ${consoleWebDir} …`);
  await buildConsoleWeb(consoleWebDir);
}

export type { SharingService, SharingServiceOptions } from './console-sharing/service.ts';

/** Data sharing down to the kiosks (hub and console module), loaded on first use like the console. */
export async function startSharingService(
  opts: import('./console-sharing/service.ts').SharingServiceOptions,
): Promise<import('./console-sharing/service.ts').SharingService> {
  return (await import('./console-sharing/service.ts')).startSharingService(opts);
}
