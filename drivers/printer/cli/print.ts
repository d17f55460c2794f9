/** `shequ print list | test | ticket`: find USB printers, print a test page or a sample ticket. */
import {
  CliError,
  defineCommand,
  defineGroup,
  type ParsedOptions,
  positiveSeconds,
  UsageError,
} from '../../../platform/cli/index.ts';
import { buildTestPageJob } from '../documents/test-page.ts';
import { buildTicketJob } from '../documents/ticket.ts';
import { InvalidPrinterUriError } from '../errors.ts';
import { openPrinter } from '../open-printer.ts';
import { type PrinterProfile, printerProfiles } from '../profiles.ts';
import { listUsbPrinters } from '../transport/usb-printers.ts';

const TARGET = `URI: tcp://HOST[:9100] | serial:/dev/ttyUSB0?baud=19200 | file:/dev/usb/lp0 | usb:VID:PID[?serial=S]
Profiles: ${Object.keys(printerProfiles).join(', ')}
`;

const USAGE = `Usage:
  shequ print list
  shequ print test   --printer URI [--profile ID] [--timeout SECONDS]
  shequ print ticket --printer URI --service NAME --number N [--centre NAME] [--profile ID] [--timeout SECONDS]

${TARGET}`;

const PRINTER_OPTIONS = {
  printer: { type: 'string' },
  profile: { type: 'string' },
  timeout: { type: 'string', default: '15' },
} as const;

type PrinterValues = ParsedOptions<typeof PRINTER_OPTIONS>;

function profileOf(values: PrinterValues): PrinterProfile | undefined {
  if (values.profile === undefined) return undefined;
  const profile = printerProfiles[values.profile];
  if (!profile) throw new UsageError(`unknown profile '${values.profile}'`);
  return profile;
}

/** Sends the job and waits for the printer to take it, or says what state it is in after the timeout. */
async function printJob(
  values: PrinterValues,
  job: (profile?: PrinterProfile) => Promise<Buffer>,
  out: (t: string) => void,
) {
  if (!values.printer) throw new UsageError('--printer URI is required');
  const profile = profileOf(values);
  const timeoutS = positiveSeconds(values.timeout, '--timeout');
  const bytes = await job(profile);
  let printer: ReturnType<typeof openPrinter>;
  try {
    printer = openPrinter(values.printer, profile ? { profile } : {});
  } catch (err) {
    if (err instanceof InvalidPrinterUriError) throw new UsageError(err.message);
    throw err;
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutS * 1000);
  });
  try {
    const outcome = await Promise.race([
      printer.print(`cli-${Date.now()}`, bytes).then(
        () => 'printed' as const,
        () => 'closed' as const,
      ),
      timedOut,
    ]);
    const health = printer.health;
    const state = `printer ${health.state}${health.detail ? ` (${health.detail})` : ''}`;
    if (outcome !== 'printed') {
      throw new CliError(
        `not printed within ${timeoutS} s: ${state}; check that it is on, has paper and --printer is right`,
      );
    }
    out(`printed ${bytes.length} bytes; ${state}\n`);
    return 0;
  } finally {
    clearTimeout(timer);
    await printer.close().catch(() => {});
  }
}

const test = defineCommand({
  name: 'print test',
  usage: `usage: shequ print test --printer URI [--profile ID] [--timeout SECONDS]\n${TARGET}`,
  options: PRINTER_OPTIONS,
  run: ({ values, io }) => printJob(values, (profile) => buildTestPageJob(profile), io.out),
});

const ticket = defineCommand({
  name: 'print ticket',
  usage: `usage: shequ print ticket --printer URI --service NAME --number N [--centre NAME] [--profile ID] [--timeout SECONDS]\n${TARGET}`,
  options: {
    ...PRINTER_OPTIONS,
    service: { type: 'string' },
    number: { type: 'string' },
    centre: { type: 'string' },
  },
  run: ({ values, io }) => {
    const { service, number } = values;
    if (!service || !number) throw new UsageError('ticket needs --service and --number');
    return printJob(
      values,
      (profile) =>
        buildTicketJob(
          {
            centreName: values.centre ?? '社区服务中心',
            serviceName: service,
            number,
            peopleAhead: 0,
            estimatedWaitMin: 0,
            issuedAt: new Date(),
            qrPayload: `shequ:ticket:${number}`,
          },
          profile,
        ),
      io.out,
    );
  },
});

/** USB printers attached now, with the URI and profile to configure. */
const list = defineCommand({
  name: 'print list',
  usage:
    'usage: shequ print list\n  USB printer-class devices attached now, with the URI and profile to use\n',
  run: async ({ io }) => {
    const devices = await listUsbPrinters();
    if (devices.length === 0) {
      io.out('no USB printer-class devices (usblp) found; network printers: use tcp://HOST:9100\n');
      return 0;
    }
    for (const d of devices) {
      const uri = `usb:${d.vendorId}:${d.productId}${d.serialNumber ? `?serial=${d.serialNumber}` : ''}`;
      const model = d.fingerprint
        ? `${d.fingerprint.name}, profile ${d.fingerprint.profileId}`
        : 'unknown model';
      const confirm = d.fingerprint?.conflictProne ? ' (shared VID/PID: confirm the model)' : '';
      const label = [d.manufacturer, d.product].filter(Boolean).join(' ');
      io.out(`${d.path}  ${uri}  ${label}  ${model}${confirm}\n`);
    }
    return 0;
  },
});

export const run = defineGroup({ name: 'print', usage: USAGE, commands: { list, test, ticket } });
