/**
 * `shequ fleet ls | show KIOSK | tail | cmd KIOSK NAME` — the central operations console.
 * ls/show merge the broker's retained status and telemetry (--broker) with what ingest stored
 * (--db postgres://… or --data DIR); tail follows transactions live; cmd runs a command on a kiosk.
 */
import { type FleetArgs, parseFleetArgs } from './fleet-args.ts';
import { runCmd } from './fleet-cmd.ts';
import { runLs, runShow } from './fleet-ls.ts';
import { runTail } from './fleet-tail.ts';

export const usage = `Usage:
  shequ fleet ls   [--broker URL] [--db postgres://… | --data DIR] [--json]
  shequ fleet show KIOSK [--broker URL] [--db … | --data DIR] [--json]
  shequ fleet tail [--broker URL] [--kiosk ID] [--acks] [--body] [--count N]
  shequ fleet cmd  KIOSK NAME [--arg key=value]… [--timeout SECONDS] [--broker URL]
Without --db/--data, ls and show read the broker only (default mqtt://127.0.0.1:1883).
Every command takes --ca FILE --cert FILE --key FILE for a mutual-TLS (mqtts://) broker.
cmd exits 0 when the kiosk reports success, 1 on failed/rejected/expired, 3 when no result came in time.
`;

export async function run(args: string[]): Promise<number> {
  let parsed: FleetArgs;
  try {
    parsed = parseFleetArgs(args);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  const [verb, ...rest] = parsed.positionals;
  if (parsed.values.help || !verb) {
    process.stdout.write(usage);
    return parsed.values.help ? 0 : 2;
  }
  try {
    switch (verb) {
      case 'ls':
        return await runLs(parsed.values);
      case 'show':
        return await runShow(parsed.values, rest);
      case 'tail':
        return await runTail(parsed.values);
      case 'cmd':
        return await runCmd(parsed.values, rest);
      default:
        process.stderr.write(`shequ fleet: unknown command '${verb}'\n\n${usage}`);
        return 2;
    }
  } catch (err) {
    process.stderr.write(`shequ fleet ${verb}: ${(err as Error).message}\n`);
    return 1;
  }
}
