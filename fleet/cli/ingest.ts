/**
 * `shequ ingest --broker URL [--db postgres://…] [--data DIR] [--worker ID] [--no-shared]`
 * Runs one ingest worker until SIGINT/SIGTERM, then drains, says offline and exits.
 * Start several side by side; the shared subscription splits the stream between them.
 */
import { parseArgs } from 'node:util';
import { openCentralDb } from '../db/central-db.ts';
import { startIngest } from '../ingest/worker.ts';

const usage = `Usage: shequ ingest --broker URL [--db postgres://…] [--data DIR] [--worker ID] [--no-shared] [--mqtt3] [--connect-timeout MS]
  --broker     MQTT broker URL (default mqtt://127.0.0.1:1883)
  --db         PostgreSQL URL; without it PGlite is used, in --data DIR or in memory
  --worker     worker ID, also used in the retained v1/fleet/ingest/state
  --no-shared  subscribe v1/kiosks/+/tx directly (brokers without shared subscriptions)
  --mqtt3      connect with MQTT 3.1.1 instead of 5
  --connect-timeout MS  give up when the broker is not reachable in time (default 10000)
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
      log,
    });
  } catch (err) {
    await db.close();
    log(`ingest: ${(err as Error).message}`);
    return 1;
  }
  const where = values.db ? 'PostgreSQL' : values.data ? `PGlite in ${values.data}` : 'PGlite in memory';
  // The READY line is what scripts and tests wait for.
  process.stdout.write(`ingest ${worker.workerId} READY broker=${values.broker} db=${where}\n`);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  log(`ingest ${worker.workerId}: ${signal}, draining`);
  await worker.close();
  await db.close();
  log(`ingest ${worker.workerId}: stopped after storing ${worker.stored}`);
  return 0;
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
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
}
