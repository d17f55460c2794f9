/** Timers that keep the records right as time passes: supervision levels, and the retention purge. */
import { startSupervisionTimer } from '../cases/index.ts';
import { purgeExpiredPersonalData, purgeLeftovers } from '../privacy/retention.ts';
import type { Store } from '../store/store.ts';
import type { CaseDesk } from './case-desk.ts';
import type { EventLog } from './event-log.ts';

const SUPERVISE_EVERY_MS = 10 * 60_000;
const PURGE_EVERY_MS = 6 * 60 * 60_000;

export interface Housekeeping {
  stop(): void;
}

/** Starts both for one configuration; the core stops and restarts them when the configuration changes. */
export function startHousekeeping(opts: {
  desk: CaseDesk;
  store: Store;
  retentionDays: number;
  log: EventLog;
}): Housekeeping {
  const supervision = startSupervisionTimer(opts.desk.cases, { everyMs: SUPERVISE_EVERY_MS });
  const purge = async () => {
    const n = await purgeExpiredPersonalData(opts.store, opts.retentionDays);
    if (n > 0) opts.log.add('info', 'retention', `purged personal data from ${n} records`);
    const leftovers = await purgeLeftovers(opts.store.dir, opts.retentionDays);
    if (leftovers.length > 0) {
      opts.log.add(
        'info',
        'retention',
        `deleted ${leftovers.length} leftover files: ${leftovers.join(', ')}`,
      );
    }
  };
  void purge().catch((err: Error) => opts.log.add('error', 'retention', err.message));
  const purgeTimer = setInterval(() => void purge().catch(() => {}), PURGE_EVERY_MS);
  purgeTimer.unref();
  return {
    stop: () => {
      supervision.stop();
      clearInterval(purgeTimer);
    },
  };
}
