/**
 * `shequ scanner listen [--serial PATH [--baud N] | --hid VID:PID | --hid-path PATH] [--count N] [--timeout S] [--json]`
 *   Prints each scanned code on stdout (one per line, or JSON lines); health and discarded input on stderr.
 *   With no device given, uses the one scanner recognised by its USB VID/PID.
 * `shequ scanner udev-rules [--group NAME]`  Prints udev rules for keyboard-wedge scanners.
 */
import {
  CliError,
  type CliIo,
  defineCommand,
  defineGroup,
  integerInRange,
  type ParsedOptions,
  positiveSeconds,
  UsageError,
} from '../../../platform/cli/index.ts';
import { findScanners } from '../fingerprints.ts';
import { openHidScanner, openSerialScanner } from '../index.ts';
import type { Scanner } from '../types.ts';
import { scannerUdevRules } from '../udev-rules.ts';

const USAGE = `usage: shequ scanner listen [--serial PATH [--baud N] | --hid VID:PID | --hid-path PATH] [--count N] [--timeout S] [--json]
       shequ scanner udev-rules [--group NAME]
`;

export const EXIT = { ok: 0, usage: 2, 'no-scanner': 3, timeout: 4 } as const;

const udevRules = defineCommand({
  name: 'scanner udev-rules',
  usage: `usage: shequ scanner udev-rules [--group NAME]
  udev rules that keep keyboard-wedge scanners from typing into the kiosk browser; --group may read them
`,
  options: { group: { type: 'string' } },
  run: ({ values, io }) => {
    io.out(scannerUdevRules(values.group ? { group: values.group } : {}));
    return EXIT.ok;
  },
});

const LISTEN_OPTIONS = {
  serial: { type: 'string' },
  baud: { type: 'string', default: '9600' },
  hid: { type: 'string' },
  'hid-path': { type: 'string' },
  count: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

type ListenOptions = ParsedOptions<typeof LISTEN_OPTIONS>;

const listen = defineCommand({
  name: 'scanner listen',
  usage: `usage: shequ scanner listen [--serial PATH [--baud N] | --hid VID:PID | --hid-path PATH] [--count N] [--timeout S] [--json]
  prints each scanned code on stdout; health and discarded input on stderr
  With no device given, uses the one scanner recognised by its USB VID/PID.
exit 0 done, 2 bad command line, 3 no scanner found, 4 --timeout passed before --count codes
`,
  options: LISTEN_OPTIONS,
  run: async ({ values, io }) => {
    const count =
      values.count === undefined
        ? Number.POSITIVE_INFINITY
        : integerInRange(values.count, '--count', { min: 1, max: Number.MAX_SAFE_INTEGER });
    const timeoutS = values.timeout === undefined ? undefined : positiveSeconds(values.timeout, '--timeout');
    const baudRate = integerInRange(values.baud, '--baud', { min: 300, max: 4_000_000 });
    const scanner = await openFromArgs(values, baudRate, io);
    const code = await collect(scanner, { count, timeoutS, json: values.json }, io);
    if (code === EXIT.timeout) {
      throw new CliError(
        `no ${values.count === undefined ? 'code' : `${count} codes`} within ${timeoutS} s`,
        {
          exitCode: EXIT.timeout,
        },
      );
    }
    return code;
  },
});

export const run = defineGroup({
  name: 'scanner',
  usage: USAGE,
  commands: { listen, 'udev-rules': udevRules },
});

async function openFromArgs(values: ListenOptions, baudRate: number, io: CliIo): Promise<Scanner> {
  if (values.serial) return openSerialScanner({ path: values.serial, baudRate });
  if (values['hid-path']) return openHidScanner({ path: values['hid-path'] });
  if (values.hid) {
    const m = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(values.hid);
    if (!m) throw new UsageError('--hid wants VID:PID in hex, e.g. 05e0:1200');
    return openHidScanner({ vendorId: Number.parseInt(m[1]!, 16), productId: Number.parseInt(m[2]!, 16) });
  }
  const found = (
    await findScanners({ includeHid: true }).catch((err: Error) => {
      throw new CliError(
        `no device given and scanners could not be listed (${err.message}); give --serial, --hid or --hid-path`,
        { exitCode: EXIT['no-scanner'] },
      );
    })
  ).filter((c) => c.match === 'exact');
  if (found.length === 0) {
    throw new CliError(
      'no scanner recognised by USB VID/PID; plug one in or give --serial, --hid or --hid-path',
      {
        exitCode: EXIT['no-scanner'],
      },
    );
  }
  if (found.length > 1) {
    throw new UsageError(
      `several scanners found (${found.map((c) => c.path).join(', ')}); pick one with --serial or --hid-path`,
    );
  }
  const c = found[0]!;
  io.err(`using ${c.fingerprint.name} at ${c.path}\n`);
  return c.transport === 'serial'
    ? openSerialScanner({ path: c.path, baudRate })
    : openHidScanner({ path: c.path });
}

function collect(
  scanner: Scanner,
  opts: { count: number; timeoutS: number | undefined; json: boolean },
  io: CliIo,
): Promise<number> {
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (code: number) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void scanner.close().then(() => resolve(code));
    };
    const onSignal = () => finish(EXIT.ok);
    const timer =
      opts.timeoutS === undefined ? undefined : setTimeout(() => finish(EXIT.timeout), opts.timeoutS * 1000);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    scanner.on('health', (h) => io.err(`scanner ${h.state}${h.detail ? `: ${h.detail}` : ''}\n`));
    scanner.on('discarded', (d) => io.err(`discarded (${d.reason}): ${d.detail}\n`));
    scanner.on('code', (text) => {
      io.out(opts.json ? `${JSON.stringify({ code: text, at: new Date().toISOString() })}\n` : `${text}\n`);
      if (++seen >= opts.count) finish(EXIT.ok);
    });
  });
}
