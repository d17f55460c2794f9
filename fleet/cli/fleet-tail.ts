import { connectConsole } from '../console/connect.ts';
import { formatTailEvent, tailTransactions } from '../console/tail.ts';
import { readClientTls } from '../tls-files.ts';
import type { FleetArgs } from './fleet-args.ts';
import { DEFAULT_BROKER } from './fleet-ls.ts';

/** Prints transactions as they arrive until SIGINT/SIGTERM, or until --count transactions. */
export async function runTail(values: FleetArgs['values']): Promise<number> {
  const limit = values.count === undefined ? Number.POSITIVE_INFINITY : Number(values.count);
  if (!(limit > 0)) {
    process.stderr.write('shequ fleet tail: --count needs a positive number\n');
    return 2;
  }
  const client = await connectConsole(
    values.broker ?? DEFAULT_BROKER,
    values.mqtt3 ? 4 : 5,
    await readClientTls(values),
  );
  let seen = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const stop = await tailTransactions(client, { kioskId: values.kiosk, acks: values.acks }, (e) => {
    process.stdout.write(`${formatTailEvent(e, values.body)}\n`);
    if (e.kind === 'tx' && ++seen >= limit) finish();
  });
  process.once('SIGINT', finish);
  process.once('SIGTERM', finish);
  process.stderr.write(`tailing transactions${values.kiosk ? ` of ${values.kiosk}` : ''}; Ctrl-C to stop\n`);
  client.once('close', finish);
  await finished;
  process.off('SIGINT', finish);
  process.off('SIGTERM', finish);
  await stop();
  await client.endAsync();
  return 0;
}
