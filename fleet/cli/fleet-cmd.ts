/** `shequ fleet cmd KIOSK NAME [--arg key=value]…`: runs one command on a kiosk and waits for its result. */
import { CliError, defineCommand, positiveSeconds, UsageError } from '../../platform/cli/index.ts';
import { sendCommand } from '../console/command.ts';
import { connectConsole } from '../console/connect.ts';
import { brokerTarget } from './broker-target.ts';
import { BROKER_HELP, BROKER_OPTIONS, CONSOLE_ERRORS } from './console-options.ts';

/** No final result in time: the command may still have run, so it is neither success nor failure. */
export const EXIT_OUTCOME_UNKNOWN = 3;

/** `key=value` pairs; values that parse as JSON (numbers, true, {…}) are passed as such. */
export function parseCommandArgs(pairs: string[]): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--arg '${pair}' is not key=value`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // plain string
    }
    args[pair.slice(0, eq)] = value;
  }
  return args;
}

export const cmd = defineCommand({
  name: 'fleet cmd',
  usage: `usage: shequ fleet cmd KIOSK NAME [--arg key=value]… [--timeout SECONDS] [--broker URL | --data DIR]
  NAME: reprint, print-test, sync-now, restart-service, collect-logs; prints the kiosk's result as JSON
  exit 0 when the kiosk reports success, 1 on failed/rejected/expired, 3 when no result came in time
${BROKER_HELP}`,
  options: {
    ...BROKER_OPTIONS,
    arg: { type: 'string', multiple: true, default: [] },
    timeout: { type: 'string', default: '30' },
  },
  positionals: ['KIOSK', 'NAME'],
  expected: CONSOLE_ERRORS,
  run: async ({ values, positionals, io }) => {
    const [kioskId, name] = positionals as [string, string];
    const timeoutSec = positiveSeconds(values.timeout, '--timeout');
    const args = parseCommandArgs(values.arg);
    const client = await connectConsole(await brokerTarget(values));
    try {
      const outcome = await sendCommand(client, kioskId, name, args, timeoutSec * 1000);
      if (outcome.kind === 'unknown') {
        const what = outcome.accepted ? 'accepted but no result' : 'no answer';
        throw new CliError(
          `${kioskId} ${name}: ${what} within ${timeoutSec} s; outcome unknown (command ${outcome.commandId}), not retried; see shequ fleet show ${kioskId}`,
          { exitCode: EXIT_OUTCOME_UNKNOWN },
        );
      }
      const { result } = outcome;
      io.out(`${JSON.stringify({ kiosk: kioskId, name, ...result, elapsedMs: outcome.elapsedMs })}\n`);
      return result.status === 'succeeded' ? 0 : 1;
    } finally {
      await client.endAsync();
    }
  },
});
