/**
 * `startCentral`: the district data centre in one call — the central database, an ingest worker
 * (when given a broker) and the console server with every module. `shequ central` and the demo
 * (`npm start`) both start it this way.
 */

import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CentralDb, openCentralDb } from '../db/central-db.ts';
import { projectionsOutdated } from '../db/schema.ts';
import type { OnStored } from '../ingest/store-batch.ts';
import { type IngestWorker, startIngest } from '../ingest/worker.ts';
import { checkStandards, DEFAULT_STANDARDS, type ScoringStandard } from '../performance/standard.ts';
import { centreDay } from '../projections/centre-day.ts';
import { projectionOptions } from '../projections/options.ts';
import type { ProjectionOptions } from '../projections/project-batch.ts';
import { rebuildProjections } from '../projections/rebuild.ts';
import { DEFAULT_SUPERVISION_POLICY, type SupervisionPolicy } from '../supervision/policy.ts';
import { DEMO_ACCOUNTS, type DemoAccount } from './demo-accounts.ts';
import type { ConsoleModule } from './module.ts';
import { auditModule } from './modules/audit-page.ts';
import { casesModule } from './modules/cases.ts';
import { type DirectoryEntry, directoryModule, loadDirectory } from './modules/directory.ts';
import { kiosksModule } from './modules/kiosks.ts';
import { notificationsModule } from './modules/notifications.ts';
import { overviewModule } from './modules/overview.ts';
import { performanceModule } from './modules/performance.ts';
import { ratingsModule } from './modules/ratings.ts';
import { supervisionModule } from './modules/supervision.ts';
import { ticketsModule } from './modules/tickets.ts';
import { usersModule } from './modules/users-page.ts';
import {
  announceOverdueRectifications,
  appointmentReminders,
  type CentralNotifier,
  notifyOnStored,
} from './notifications.ts';
import { type PasswordHasher, startPasswordHasher } from './passwords.ts';
import { buildConsoleServer } from './server.ts';
import { addUser, listUsers } from './users.ts';

export { DEMO_ACCOUNTS, type DemoAccount };

const here = dirname(fileURLToPath(import.meta.url));
export const defaultWebDir = join(here, '..', 'console-web', 'dist');

export interface CentralOptions {
  /** An open database, or a URL/directory for openCentralDb (nothing: PGlite in memory). */
  db?: CentralDb | string;
  /** Run an ingest worker in this process against this broker (credentials in the URL). */
  broker?: { url: string; protocolVersion?: 4 | 5; shared?: boolean; workerId?: string };
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  https?: { key: Buffer; cert: Buffer };
  trustProxy?: boolean;
  projection?: Partial<ProjectionOptions>;
  /** Warning and card thresholds, reply deadline and the rules notices cite. */
  supervision?: Partial<SupervisionPolicy>;
  /** 绩效评估 scoring standards, versioned (each applies from its month on). */
  scoringStandards?: ScoringStandard[];
  /** Names of centres, services, items and counters (kiosks send only identifiers). */
  directory?: readonly DirectoryEntry[];
  /** Create DEMO_ACCOUNTS when the console has no users yet. */
  demoAccounts?: boolean;
  /**
   * SMS notifications (fleet/notify): ingest queues them with every stored transaction, a timer
   * announces overdue rectifications, case pages show each message's delivery.
   */
  notifier?: CentralNotifier;
  /** More console modules (fleet operations, data sharing, notifications). */
  modules?: ConsoleModule[];
  webDir?: string;
  /** Rows a streamed CSV export reads per query (default 2000). */
  csvChunkRows?: number;
  log?: (line: string) => void;
}

export interface RunningCentral {
  url: string;
  db: CentralDb;
  ingest: IngestWorker | null;
  hasher: PasswordHasher;
  /** The demo accounts created now (empty when users existed already). */
  demoAccounts: readonly DemoAccount[];
  close(): Promise<void>;
}

/** Several ingest hooks as one: each runs in the batch's transaction, their after-commit steps in turn. */
function storedHooks(hooks: OnStored[]): OnStored | undefined {
  if (hooks.length <= 1) return hooks[0];
  return async (tx, stored) => {
    const after: Array<() => void> = [];
    for (const h of hooks) {
      const step = await h(tx, stored);
      if (step) after.push(step);
    }
    return () => {
      for (const step of after) step();
    };
  };
}

export async function startCentral(opts: CentralOptions = {}): Promise<RunningCentral> {
  const cleanup: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  };
  try {
    const ownDb = typeof opts.db !== 'object';
    const db = typeof opts.db === 'object' ? opts.db : await openCentralDb(opts.db);
    if (ownDb) cleanup.push(() => db.close());
    const hasher = startPasswordHasher();
    cleanup.push(() => hasher.close());
    const projection = projectionOptions(opts.projection);
    const standards = opts.scoringStandards ?? DEFAULT_STANDARDS;
    checkStandards(standards);
    if (await projectionsOutdated(db)) {
      // Built by an older version (a new summary table, a new flag): fold the raw rows again
      // before ingest adds to them.
      opts.log?.('central: projections are from an older version; rebuilding them from the raw transactions');
      await rebuildProjections(db, projection);
    }
    // Data sharing's module (when given) shares central's acts and the centres' answers down.
    const sharedDown = opts.modules?.find((m) => m.sharedDown)?.sharedDown;
    const onStored = storedHooks([
      ...(opts.notifier ? [notifyOnStored(opts.notifier)] : []),
      ...(sharedDown ? [sharedDown.onStored] : []),
    ]);
    let ingest: IngestWorker | null = null;
    if (opts.broker) {
      ingest = await startIngest({
        brokerUrl: opts.broker.url,
        db,
        workerId: opts.broker.workerId ?? 'central',
        shared: opts.broker.shared ?? opts.broker.protocolVersion !== 4,
        protocolVersion: opts.broker.protocolVersion ?? 5,
        projection,
        ...(onStored ? { onStored } : {}),
        ...(opts.log ? { log: opts.log } : {}),
      });
      cleanup.push(() => ingest!.close());
    }
    if (opts.notifier) {
      const notifier = opts.notifier;
      const announce = () =>
        announceOverdueRectifications(db, notifier, centreDay(Date.now(), projection.timeZone)).catch(
          (e: Error) => opts.log?.(`central: overdue rectifications not announced: ${e.message}`),
        );
      void announce();
      const timer = setInterval(announce, 60_000);
      timer.unref();
      cleanup.push(async () => clearInterval(timer));
    }
    if (opts.directory) await loadDirectory(db, opts.directory);
    let created: DemoAccount[] = [];
    if (opts.demoAccounts && (await listUsers(db)).length === 0) {
      for (const a of DEMO_ACCOUNTS) await addUser(db, hasher, a);
      created = [...DEMO_ACCOUNTS];
    }
    const app = await buildConsoleServer({
      ctx: {
        db,
        projection,
        supervision: { ...DEFAULT_SUPERVISION_POLICY, ...opts.supervision },
        ...(sharedDown ? { sharedDown } : {}),
        ...(opts.notifier ? { appointments: appointmentReminders(opts.notifier, projection.timeZone) } : {}),
        today: () => centreDay(Date.now(), projection.timeZone),
        ...(opts.csvChunkRows ? { csvChunkRows: opts.csvChunkRows } : {}),
      },
      modules: [
        overviewModule,
        ticketsModule,
        casesModule,
        ratingsModule,
        supervisionModule,
        performanceModule(standards),
        kiosksModule,
        auditModule,
        usersModule(hasher),
        directoryModule,
        notificationsModule,
        ...(opts.modules ?? []),
      ],
      hasher,
      webDir: opts.webDir ?? defaultWebDir,
      ...(opts.https ? { https: opts.https } : {}),
      ...(opts.trustProxy ? { trustProxy: true } : {}),
    });
    await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
    cleanup.push(() => app.close());
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return {
      url: `${opts.https ? 'https' : 'http'}://${host}:${address.port}/`,
      db,
      ingest,
      hasher,
      demoAccounts: created,
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
