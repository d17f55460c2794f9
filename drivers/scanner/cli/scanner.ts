/**
 * `shequ scanner listen [--serial PATH [--baud N] | --hid VID:PID | --hid-path PATH] [--count N] [--timeout S] [--json]`
 *   Prints each scanned code on stdout (one per line, or JSON lines); health and discarded input on stderr.
 *   With no device given, uses the one scanner recognised by its USB VID/PID.
 * `shequ scanner udev-rules [--group NAME]`  Prints udev rules for keyboard-wedge scanners.
 */
import { parseArgs } from 'node:util';
import { findScanners } from '../fingerprints.ts';
import { openHidScanner, openSerialScanner } from '../index.ts';
import type { Scanner } from '../types.ts';
import { scannerUdevRules } from '../udev-rules.ts';
import { type CliIo, processIo } from './io.ts';

const USAGE = `usage: shequ scanner listen [--serial PATH [--baud N] | --hid VID:PID | --hid-path PATH] [--count N] [--timeout S] [--json]
       shequ scanner udev-rules [--group NAME]
`;

export const EXIT = { ok: 0, usage: 2, 'no-scanner': 3, timeout: 4 } as const;

export async function run(args: string[], io: CliIo = processIo): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === 'udev-rules') return udevRules(rest, io);
  if (verb === 'listen') return listen(rest, io);
  io.err(USAGE);
  return verb === undefined || verb === '--help' || verb === '-h' ? EXIT.ok : EXIT.usage;
}

function udevRules(args: string[], io: CliIo): number {
  try {
    const { values } = parseArgs({ args, options: { group: { type: 'string' } } });
    io.out(scannerUdevRules(values.group ? { group: values.group } : {}));
    return EXIT.ok;
  } catch (err) {
    io.err(`shequ scanner udev-rules: ${(err as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
}

interface ListenOptions {
  serial?: string;
  baud?: string;
  hid?: string;
  'hid-path'?: string;
  count?: string;
  timeout?: string;
  json?: boolean;
}

async function listen(args: string[], io: CliIo): Promise<number> {
  let values: ListenOptions;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        serial: { type: 'string' },
        baud: { type: 'string' },
        hid: { type: 'string' },
        'hid-path': { type: 'string' },
        count: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
      },
    }));
  } catch (err) {
    io.err(`shequ scanner listen: ${(err as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  const count = values.count === undefined ? Number.POSITIVE_INFINITY : Number(values.count);
  const timeoutS = values.timeout === undefined ? undefined : Number(values.timeout);
  if (!(count > 0) || (timeoutS !== undefined && !(timeoutS > 0))) {
    io.err(`shequ scanner listen: --count and --timeout must be positive\n${USAGE}`);
    return EXIT.usage;
  }
  const opened = await openFromArgs(values, io);
  if (typeof opened === 'number') return opened;
  return collect(opened, { count, timeoutS, json: values.json === true }, io);
}

async function openFromArgs(values: ListenOptions, io: CliIo): Promise<Scanner | number> {
  if (values.serial) return openSerialScanner({ path: values.serial, baudRate: Number(values.baud ?? 9600) });
  if (values['hid-path']) return openHidScanner({ path: values['hid-path'] });
  if (values.hid) {
    const m = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(values.hid);
    if (!m) {
      io.err(`shequ scanner listen: --hid wants VID:PID in hex, e.g. 05e0:1200\n`);
      return EXIT.usage;
    }
    return openHidScanner({ vendorId: Number.parseInt(m[1]!, 16), productId: Number.parseInt(m[2]!, 16) });
  }
  const found = (await findScanners({ includeHid: true })).filter((c) => c.match === 'exact');
  if (found.length !== 1) {
    io.err(
      found.length === 0
        ? 'no scanner recognised by USB VID/PID; give --serial, --hid or --hid-path\n'
        : `several scanners found (${found.map((c) => c.path).join(', ')}); pick one\n`,
    );
    return EXIT['no-scanner'];
  }
  const c = found[0]!;
  io.err(`using ${c.fingerprint.name} at ${c.path}\n`);
  return c.transport === 'serial'
    ? openSerialScanner({ path: c.path, baudRate: Number(values.baud ?? 9600) })
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
