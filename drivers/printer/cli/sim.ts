import {
  CliError,
  defineCommand,
  integerInRange,
  listenFailure,
  UsageError,
} from '../../../platform/cli/index.ts';
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

export const run = defineCommand({
  name: 'sim printer',
  usage: USAGE,
  options: {
    port: { type: 'string' },
    serial: { type: 'string' },
    out: { type: 'string' },
    status: { type: 'string' },
    width: { type: 'string' },
    profile: { type: 'string' },
  },
  run: async ({ values, io }) => {
    const port = integerInRange(values.port, '--port', { min: 0, max: 65535 }, 9100);
    const initial = values.status ? parseStates(values.status) : undefined;
    if (values.status && !initial) throw new UsageError(`unknown --status '${values.status}'`);
    const widthDots = values.width === undefined ? undefined : parsePaperWidth(values.width);
    if (values.width !== undefined && widthDots === undefined) {
      throw new UsageError('--width must be 58mm, 80mm or a dot count (multiple of 8)');
    }
    if (values.profile !== undefined && !printerProfiles[values.profile]) {
      throw new UsageError(`unknown --profile '${values.profile}'`);
    }
    const printer = await startVirtualPrinter({
      port,
      ...(values.out ? { outDir: values.out } : {}),
      ...(widthDots ? { widthDots } : {}),
      ...(values.profile ? { profile: values.profile } : {}),
    }).catch((err: unknown) => {
      throw listenFailure(err, `127.0.0.1:${port}`, '--port (0 picks a free one)');
    });
    if (initial) printer.setStatus(initial);
    printer.on('job', (job) => io.out(`${transcript(job)}\n`));
    io.out(`virtual printer listening on tcp://127.0.0.1:${printer.port}, ${printer.widthDots} dots wide\n`);
    if (values.serial) {
      const { SerialPort } = await import('serialport');
      const device = new SerialPort({ path: values.serial, baudRate: 19200, autoOpen: false });
      const opened = await new Promise<Error | null>((resolve) => device.open(resolve));
      if (opened) {
        await printer.close();
        throw new CliError(
          `cannot open ${values.serial}: ${opened.message}; check the path and its permissions`,
        );
      }
      printer.attach(device);
      io.out(`virtual printer also on serial ${values.serial}\n`);
    }

    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (line: string) => {
      const state = parseStates(line);
      if (!state) {
        io.out('states: ok, near-end, paper-out, cover-open, offline, cutter-error\n');
        return;
      }
      printer.setStatus(state);
      io.out(`status now: ${line.trim() || 'ok'}; ${printer.heldJobs} job(s) held\n`);
    });

    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    process.stdin.pause();
    await printer.close();
    return 0;
  },
});
