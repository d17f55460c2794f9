/**
 * Timers that keep the records right as time passes: supervision levels, compaction (history
 * leaves memory for the archive), and the retention purge.
 */
import { dirname, join } from 'node:path';
import { dayOf } from '../../platform/centre-day.ts';
import { startSupervisionTimer } from '../cases/index.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { purgeExpiredPersonalData, purgeLeftovers } from '../privacy/retention.ts';
import type { Store } from '../store/store.ts';
import type { CaseDesk } from './case-desk.ts';
import type { EventLog } from './event-log.ts';

const SUPERVISE_EVERY_MS = 10 * 60_000;
const PURGE_EVERY_MS = 6 * 60 * 60_000;
const COMPACT_EVERY_MS = 60 * 60_000;

export interface Housekeeping {
  stop(): void;
}

/** Starts both for one configuration; the core stops and restarts them when the configuration changes. */
export function startHousekeeping(opts: {
  desk: CaseDesk;
  store: Store;
  retentionDays: number;
  log: EventLog;
  outbox: Outbox;
  timeZone: string;
}): Housekeeping {
  const supervision = startSupervisionTimer(opts.desk.cases, { everyMs: SUPERVISE_EVERY_MS });
  const compact = async () => {
    const now = Date.now();
    const r = await opts.store.compact({
      today: dayOf(now, opts.timeZone),
      dayOf: (ts) => dayOf(ts, opts.timeZone),
      isAcked: (seq) => opts.outbox.isAcked(seq),
    });
    if (r.archived.size > 0 || r.transactions.size > 0)
      opts.log.add(
        'info',
        'store',
        `archived ${r.archived.size} records and ${r.transactions.size} transactions`,
      );
  };
  const purge = async () => {
    await compact();
    const n = await purgeExpiredPersonalData(opts.store, opts.retentionDays, Date.now(), opts.timeZone);
    if (n > 0) opts.log.add('info', 'retention', `purged personal data from ${n} records or day files`);
    const leftovers = [
      ...(await purgeLeftovers(opts.store.dir, opts.retentionDays)),
      ...(await purgeLeftovers(join(opts.store.dir, 'archive'), opts.retentionDays)),
      // The data directory the store's log sits in: files set aside there (the login throttle's,
      // the rebuilt acks, agent state and commands) and temporaries of its small files.
      ...(await purgeLeftovers(dirname(opts.store.dir), opts.retentionDays)),
    ];
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
  const compactTimer = setInterval(
    () => void compact().catch((err: Error) => opts.log.add('error', 'store', err.message)),
    COMPACT_EVERY_MS,
  );
  compactTimer.unref();
  return {
    stop: () => {
      supervision.stop();
      clearInterval(purgeTimer);
      clearInterval(compactTimer);
    },
  };
}
