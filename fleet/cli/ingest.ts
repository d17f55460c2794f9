/**
 * `shequ ingest --broker URL [--db postgres://…] [--data DIR] [--worker ID] [--no-shared]`
 * Runs one ingest worker until SIGINT/SIGTERM, then drains, says offline and exits.
 * Start several side by side; the shared subscription splits the stream between them.
 */

import { defineCommand, integerInRange, UsageError } from '../../platform/cli/index.ts';
import { DataDirInUseError } from '../../platform/data-dir-lock.ts';
import { CentralDbError, openCentralDb } from '../db/central-db.ts';
import { IngestConnectError, startIngest } from '../ingest/worker.ts';
import { redactUrl } from '../redact-url.ts';
import { readClientTls, TlsFilesError } from '../tls-files.ts';

const usage = `Usage: shequ ingest --broker URL [--db postgres://…] [--data DIR] [--worker ID] [--no-shared] [--mqtt3] [--connect-timeout MS] [--ca F --cert F --key F]
  --broker     MQTT broker URL (default mqtt://127.0.0.1:1883)
  --db         PostgreSQL URL; without it PGlite is used, in --data DIR or in memory
  --worker     worker ID, also used in the retained v1/fleet/ingest/state
  --no-shared  subscribe v1/kiosks/+/tx directly (brokers without shared subscriptions)
  --mqtt3      connect with MQTT 3.1.1 instead of 5
  --connect-timeout MS  give up when the broker is not reachable in time (default 10000)
  --stats-every S  log stored/rejected/pending every S seconds (default 60; 0 = never)
  --ca FILE --cert FILE --key FILE  mutual TLS for an mqtts:// broker (user:password@ in the URL otherwise)
`;

export const run = defineCommand({
  name: 'ingest',
  usage,
  options: {
    broker: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
    db: { type: 'string' },
    data: { type: 'string' },
    worker: { type: 'string' },
    'no-shared': { type: 'boolean', default: false },
    mqtt3: { type: 'boolean', default: false },
    'connect-timeout': { type: 'string', default: '10000' },
    'stats-every': { type: 'string', default: '60' },
    ca: { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
  },
  expected: [
    [DataDirInUseError, 'stop that process or pass another --data DIR'],
    [CentralDbError, 'check --db or --data'],
    [IngestConnectError, 'is the broker running? check --broker'],
    TlsFilesError,
  ],
  run: async ({ values, io }) => {
    const connectTimeoutMs = integerInRange(values['connect-timeout'], '--connect-timeout', {
      min: 1,
      max: 3_600_000,
    });
    const statsEveryS = Number(values['stats-every']);
    if (!(statsEveryS >= 0)) throw new UsageError('--stats-every must be a number of seconds (0 = never)');
    const tls = await readClientTls(values);
    const log = (line: string) => io.err(`${new Date().toISOString()} ${line}\n`);
    const db = await openCentralDb(values.db ?? values.data);
    let worker: Awaited<ReturnType<typeof startIngest>>;
    try {
      worker = await startIngest({
        brokerUrl: values.broker,
        db,
        workerId: values.worker,
        shared: !values['no-shared'],
        protocolVersion: values.mqtt3 ? 4 : 5,
        connectTimeoutMs,
        tls,
        log,
      });
    } catch (err) {
      await db.close();
      throw err;
    }
    // Handlers first, READY second: whoever waits for READY may signal at once.
    const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    const where = values.db ? 'PostgreSQL' : values.data ? `PGlite in ${values.data}` : 'PGlite in memory';
    // The READY line is what scripts and tests wait for.
    io.out(`ingest ${worker.workerId} READY broker=${redactUrl(values.broker)} db=${where}\n`);
    const statsTimer = startStatsLog(worker, statsEveryS * 1000, log);
    const signal = await stopSignal;
    clearInterval(statsTimer);
    log(`ingest ${worker.workerId}: ${signal}, draining`);
    await worker.close();
    await db.close();
    log(`ingest ${worker.workerId}: stopped after storing ${worker.stored}`);
    return 0;
  },
});

/** One line per period, so an operator can see the worker is alive and keeping up. */
function startStatsLog(
  worker: { workerId: string; stored: number; rejected: number; pending: number },
  everyMs: number,
  log: (line: string) => void,
): NodeJS.Timeout | undefined {
  if (!(everyMs > 0)) return undefined;
  let last = worker.stored;
  const timer = setInterval(() => {
    const rate = ((worker.stored - last) / (everyMs / 1000)).toFixed(1);
    last = worker.stored;
    log(
      `ingest ${worker.workerId}: stored ${worker.stored} (${rate}/s), rejected ${worker.rejected}, pending ${worker.pending}`,
    );
  }, everyMs);
  timer.unref();
  return timer;
}
