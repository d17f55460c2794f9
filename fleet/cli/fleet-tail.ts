/** `shequ fleet tail`: prints transactions as they arrive until Ctrl-C, or until --count of them. */
import { defineCommand, integerInRange } from '../../platform/cli/index.ts';
import { connectConsole } from '../console/connect.ts';
import { formatTailEvent, tailTransactions } from '../console/tail.ts';
import { brokerTarget } from './broker-target.ts';
import { BROKER_HELP, BROKER_OPTIONS, CONSOLE_ERRORS } from './console-options.ts';

export const tail = defineCommand({
  name: 'fleet tail',
  usage: `usage: shequ fleet tail [--broker URL | --data DIR] [--kiosk ID] [--acks] [--body] [--count N]
  --kiosk ID  only this kiosk's    --acks  also central's acks    --body  each transaction's body
  --count N   stop after N transactions
  each line: arrival on this machine's clock (TZ), kiosk, sequence number, type, the service as the
  kiosk's configuration names it, transaction ID
${BROKER_HELP}`,
  options: {
    ...BROKER_OPTIONS,
    kiosk: { type: 'string' },
    acks: { type: 'boolean', default: false },
    body: { type: 'boolean', default: false },
    count: { type: 'string' },
  },
  expected: CONSOLE_ERRORS,
  run: async ({ values, io }) => {
    const limit =
      values.count === undefined
        ? Number.POSITIVE_INFINITY
        : integerInRange(values.count, '--count', { min: 1, max: Number.MAX_SAFE_INTEGER });
    const client = await connectConsole(await brokerTarget(values));
    let seen = 0;
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const stop = await tailTransactions(client, { kioskId: values.kiosk, acks: values.acks }, (e) => {
      io.out(`${formatTailEvent(e, values.body)}\n`);
      if (e.kind === 'tx' && ++seen >= limit) finish();
    });
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    io.err(`tailing transactions${values.kiosk ? ` of ${values.kiosk}` : ''}; Ctrl-C to stop\n`);
    client.once('close', finish);
    await finished;
    process.off('SIGINT', finish);
    process.off('SIGTERM', finish);
    await stop();
    await client.endAsync();
    return 0;
  },
});
