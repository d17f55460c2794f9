import { parseArgs } from 'node:util';
import { printerProfiles } from '../profiles.ts';
import { parsePaperWidth } from '../virtual/paper-layout.ts';
import { startVirtualPrinter, transcript, type VirtualPrinterState } from '../virtual/virtual-printer.ts';

const USAGE = `Usage: shequ sim printer [--port 9100] [--serial PATH] [--out DIR] [--width 58mm|80mm|DOTS] [--profile ID]
                         [--status paper-out,near-end,cover-open,offline]

Virtual ESC/POS printer on 127.0.0.1. Prints a transcript of every job; with --out writes
NNNN.bin, NNNN.txt and NNNN.png per job. With --serial it also serves a serial port (e.g. one
end of 'socat pty,raw,echo=0,link=/tmp/host pty,raw,echo=0,link=/tmp/dev'). Type a state on stdin to change what DLE EOT answers:
ok, near-end, paper-out, cover-open, offline, cutter-error (e.g. "paper-out" then "ok").
--width is the printable width the pictures are drawn at (58mm = 384 dots, 80mm = 576, the default);
--profile takes it from a printer profile (${Object.keys(printerProfiles).join(', ')}).
`;

const STATES: Record<string, VirtualPrinterState> = {
  'near-end': { paperNearEnd: true },
  'paper-out': { paperOut: true },
  'cover-open': { coverOpen: true },
  offline: { offline: true },
  'cutter-error': { cutterError: true },
};
const CLEAR: VirtualPrinterState = {
  paperNearEnd: false,
  paperOut: false,
  coverOpen: false,
  offline: false,
  cutterError: false,
};

export function parseStates(text: string): VirtualPrinterState | undefined {
  const words = text
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  let state: VirtualPrinterState = { ...CLEAR };
  for (const word of words) {
    if (word === 'ok') continue;
    const s = STATES[word];
    if (!s) return undefined;
    state = { ...state, ...s };
  }
  return state;
}

export async function run(args: string[]): Promise<number> {
  let values: {
    port?: string;
    serial?: string;
    out?: string;
    status?: string;
    width?: string;
    profile?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        serial: { type: 'string' },
        out: { type: 'string' },
        status: { type: 'string' },
        width: { type: 'string' },
        profile: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 9100 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be 0..65535\n\n${USAGE}`);
    return 2;
  }
  const initial = values.status ? parseStates(values.status) : undefined;
  if (values.status && !initial) {
    process.stderr.write(`unknown --status '${values.status}'\n\n${USAGE}`);
    return 2;
  }
  const widthDots = values.width === undefined ? undefined : parsePaperWidth(values.width);
  if (values.width !== undefined && widthDots === undefined) {
    process.stderr.write(`--width must be 58mm, 80mm or a dot count (multiple of 8)\n\n${USAGE}`);
    return 2;
  }
  if (values.profile !== undefined && !printerProfiles[values.profile]) {
    process.stderr.write(`unknown --profile '${values.profile}'\n\n${USAGE}`);
    return 2;
  }
  const printer = await startVirtualPrinter({
    port,
    ...(values.out ? { outDir: values.out } : {}),
    ...(widthDots ? { widthDots } : {}),
    ...(values.profile ? { profile: values.profile } : {}),
  });
  if (initial) printer.setStatus(initial);
  printer.on('job', (job) => process.stdout.write(`${transcript(job)}\n`));
  process.stdout.write(
    `virtual printer listening on tcp://127.0.0.1:${printer.port}, ${printer.widthDots} dots wide\n`,
  );
  if (values.serial) {
    const { SerialPort } = await import('serialport');
    const device = new SerialPort({ path: values.serial, baudRate: 19200, autoOpen: false });
    const opened = await new Promise<Error | null>((resolve) => device.open(resolve));
    if (opened) {
      process.stderr.write(`cannot open ${values.serial}: ${opened.message}\n`);
      await printer.close();
      return 1;
    }
    printer.attach(device);
    process.stdout.write(`virtual printer also on serial ${values.serial}\n`);
  }

  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (line: string) => {
    const state = parseStates(line);
    if (!state) {
      process.stdout.write('states: ok, near-end, paper-out, cover-open, offline, cutter-error\n');
      return;
    }
    printer.setStatus(state);
    process.stdout.write(`status now: ${line.trim() || 'ok'}; ${printer.heldJobs} job(s) held\n`);
  });

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdin.pause();
  await printer.close();
  return 0;
}
