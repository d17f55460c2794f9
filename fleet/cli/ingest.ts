/**
 * `shequ ingest --broker URL [--db postgres://…] [--data DIR] [--worker ID] [--no-shared]`
 * Runs one ingest worker until SIGINT/SIGTERM, then drains, says offline and exits.
 * Start several side by side; the shared subscription splits the stream between them.
 */
import { parseArgs } from 'node:util';
import { openCentralDb } from '../db/central-db.ts';
import { startIngest } from '../ingest/worker.ts';
import { redactUrl } from '../redact-url.ts';
import { readClientTls } from '../tls-files.ts';

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

export async function run(args: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  let db: Awaited<ReturnType<typeof openCentralDb>>;
  try {
    db = await openCentralDb(values.db ?? values.data);
  } catch (err) {
    log(`ingest: ${(err as Error).message}`);
    return 1;
  }
  let worker: Awaited<ReturnType<typeof startIngest>>;
  try {
    worker = await startIngest({
      brokerUrl: values.broker,
      db,
      workerId: values.worker,
      shared: !values['no-shared'],
      protocolVersion: values.mqtt3 ? 4 : 5,
      connectTimeoutMs: Number(values['connect-timeout']),
      tls: await readClientTls(values),
      log,
    });
  } catch (err) {
    await db.close();
    log(`ingest: ${(err as Error).message}`);
    return 1;
  }
  // Handlers first, READY second: whoever waits for READY may signal at once.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const where = values.db ? 'PostgreSQL' : values.data ? `PGlite in ${values.data}` : 'PGlite in memory';
  // The READY line is what scripts and tests wait for.
  process.stdout.write(`ingest ${worker.workerId} READY broker=${redactUrl(values.broker)} db=${where}\n`);
  const statsTimer = startStatsLog(worker, Number(values['stats-every']) * 1000, log);
  const signal = await stopSignal;
  clearInterval(statsTimer);
  log(`ingest ${worker.workerId}: ${signal}, draining`);
  await worker.close();
  await db.close();
  log(`ingest ${worker.workerId}: stopped after storing ${worker.stored}`);
  return 0;
}

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

function parse(args: string[]) {
  return parseArgs({
    args,
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
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
}
