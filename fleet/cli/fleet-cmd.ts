import { sendCommand } from '../console/command.ts';
import { connectConsole } from '../console/connect.ts';
import { readClientTls } from '../tls-files.ts';
import type { FleetArgs } from './fleet-args.ts';
import { DEFAULT_BROKER } from './fleet-ls.ts';

/** `key=value` pairs; values that parse as JSON (numbers, true, {…}) are passed as such. */
export function parseCommandArgs(pairs: string[]): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--arg '${pair}' is not key=value`);
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

export async function runCmd(values: FleetArgs['values'], positionals: string[]): Promise<number> {
  const [kioskId, name] = positionals;
  if (!kioskId || !name) {
    process.stderr.write('shequ fleet cmd: usage: shequ fleet cmd KIOSK NAME [--arg key=value]…\n');
    return 2;
  }
  const timeoutSec = Number(values.timeout);
  if (!(timeoutSec > 0)) {
    process.stderr.write('shequ fleet cmd: --timeout needs a positive number of seconds\n');
    return 2;
  }
  const args = parseCommandArgs(values.arg);
  const client = await connectConsole(
    values.broker ?? DEFAULT_BROKER,
    values.mqtt3 ? 4 : 5,
    await readClientTls(values),
  );
  try {
    const outcome = await sendCommand(client, kioskId, name, args, timeoutSec * 1000);
    if (outcome.kind === 'unknown') {
      const what = outcome.accepted ? 'accepted but no result' : 'no answer';
      process.stderr.write(
        `${kioskId} ${name}: ${what} within ${timeoutSec} s; outcome unknown (command ${outcome.commandId}), not retried\n`,
      );
      return 3;
    }
    const { result } = outcome;
    process.stdout.write(
      `${JSON.stringify({ kiosk: kioskId, name, ...result, elapsedMs: outcome.elapsedMs })}\n`,
    );
    return result.status === 'succeeded' ? 0 : 1;
  } finally {
    await client.endAsync();
  }
}
