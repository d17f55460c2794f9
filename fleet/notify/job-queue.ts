/**
 * The durable send queue: pg-boss in the central database. On a PostgreSQL server pg-boss keeps
 * its own small pool and wakes workers with LISTEN/NOTIFY; on PGlite (the embedded default) it runs
 * on the same in-process instance through pg-boss's PGlite adapter, where LISTEN/NOTIFY works
 * in-process and advisory locks are PostgreSQL's own, so no socket (pglite-socket) is needed.
 * Jobs carry only a message id; the message row is the truth about what was sent.
 */
import { fromPglite, type Db as IDatabase, PgBoss } from 'pg-boss';
import type { CentralDb, SqlRunner } from '../db/central-db.ts';
import type { NotifyConfig } from './config.ts';

export const SEND_QUEUE = 'notify-send';

export interface SendJob {
  messageId: string;
}

/** pg-boss statements run through the caller's transaction, so the job commits with the message. */
export function runnerAsPgBossDb(runner: SqlRunner): IDatabase {
  return {
    async executeSql(text: string, values?: unknown[]) {
      return { rows: await runner.query<Record<string, unknown>>(text, values) };
    },
  };
}

export async function openJobQueue(
  db: CentralDb,
  config: NotifyConfig,
  log: (line: string) => void,
): Promise<PgBoss> {
  const boss = db.embedded
    ? new PgBoss({ db: fromPglite(db.embedded), backend: 'pglite', useListenNotify: true, schedule: false })
    : new PgBoss({ connectionString: db.connectionString, max: 4, useListenNotify: true, schedule: false });
  boss.on('error', (err: Error) => log(`job queue: ${err.message}`));
  await boss.start();
  const options = {
    retryLimit: config.retry.limit,
    retryDelay: config.retry.delaySeconds,
    retryBackoff: true,
    retryDelayMax: config.retry.maxDelaySeconds,
    expireInSeconds: 300,
    deleteAfterSeconds: 7 * 86_400,
    notify: true,
  };
  if (!(await boss.getQueue(SEND_QUEUE))) {
    await boss.createQueue(SEND_QUEUE, options).catch(async (err: Error) => {
      // Another worker created it at the same moment.
      if (!(await boss.getQueue(SEND_QUEUE))) throw err;
    });
  }
  return boss;
}
