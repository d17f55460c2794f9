import { parseArgs } from 'node:util';
import { buildTestPageJob } from '../documents/test-page.ts';
import { buildTicketJob } from '../documents/ticket.ts';
import { openPrinter } from '../open-printer.ts';
import { type PrinterProfile, printerProfiles } from '../profiles.ts';
import { listUsbPrinters } from '../transport/usb-printers.ts';

const USAGE = `Usage:
  shequ print list
  shequ print test   --printer URI [--profile ID] [--timeout SECONDS]
  shequ print ticket --printer URI --service NAME --number N [--centre NAME] [--profile ID] [--timeout SECONDS]

URI: tcp://HOST[:9100] | serial:/dev/ttyUSB0?baud=19200 | file:/dev/usb/lp0 | usb:VID:PID[?serial=S]
Profiles: ${Object.keys(printerProfiles).join(', ')}
`;

interface PrintArgs {
  printer?: string;
  profile?: string;
  service?: string;
  number?: string;
  centre?: string;
  timeout?: string;
  help?: boolean;
}

export async function run(args: string[]): Promise<number> {
  const [what, ...rest] = args;
  let values: PrintArgs;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        printer: { type: 'string' },
        profile: { type: 'string' },
        service: { type: 'string' },
        number: { type: 'string' },
        centre: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  if (values.help || what === '--help' || what === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (what === 'list') return listPrinters();
  if (what !== 'test' && what !== 'ticket') return usage(`expected 'test' or 'ticket', got '${what ?? ''}'`);
  if (!values.printer) return usage('--printer URI is required');
  const profile: PrinterProfile | undefined = values.profile ? printerProfiles[values.profile] : undefined;
  if (values.profile && !profile) return usage(`unknown profile '${values.profile}'`);
  const timeoutS = Number(values.timeout ?? 15);
  if (!(timeoutS > 0)) return usage('--timeout must be a positive number of seconds');

  let job: Buffer;
  if (what === 'test') {
    job = await buildTestPageJob(profile);
  } else {
    if (!values.service || !values.number) return usage('ticket needs --service and --number');
    job = await buildTicketJob(
      {
        centreName: values.centre ?? '社区服务中心',
        serviceName: values.service,
        number: values.number,
        peopleAhead: 0,
        estimatedWaitMin: 0,
        issuedAt: new Date(),
        qrPayload: `shequ:ticket:${values.number}`,
      },
      profile,
    );
  }

  let printer: ReturnType<typeof openPrinter>;
  try {
    printer = openPrinter(values.printer, profile ? { profile } : {});
  } catch (err) {
    return usage((err as Error).message);
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutS * 1000);
  });
  try {
    const outcome = await Promise.race([
      printer.print(`cli-${Date.now()}`, job).then(
        () => 'printed' as const,
        () => 'closed' as const,
      ),
      timedOut,
    ]);
    const health = printer.health;
    if (outcome !== 'printed') {
      process.stderr.write(
        `not printed within ${timeoutS} s: printer ${health.state}${health.detail ? ` (${health.detail})` : ''}\n`,
      );
      return 1;
    }
    process.stdout.write(
      `printed ${job.length} bytes; printer ${health.state}${health.detail ? ` (${health.detail})` : ''}\n`,
    );
    return 0;
  } finally {
    clearTimeout(timer);
    await printer.close().catch(() => {});
  }
}

/** USB printers attached now, with the URI and profile to configure. */
async function listPrinters(): Promise<number> {
  const devices = await listUsbPrinters();
  if (devices.length === 0) {
    process.stdout.write(
      'no USB printer-class devices (usblp) found; network printers: use tcp://HOST:9100\n',
    );
    return 0;
  }
  for (const d of devices) {
    const uri = `usb:${d.vendorId}:${d.productId}${d.serialNumber ? `?serial=${d.serialNumber}` : ''}`;
    const model = d.fingerprint
      ? `${d.fingerprint.name}, profile ${d.fingerprint.profileId}`
      : 'unknown model';
    const confirm = d.fingerprint?.conflictProne ? ' (shared VID/PID: confirm the model)' : '';
    const label = [d.manufacturer, d.product].filter(Boolean).join(' ');
    process.stdout.write(`${d.path}  ${uri}  ${label}  ${model}${confirm}\n`);
  }
  return 0;
}

function usage(problem: string): number {
  process.stderr.write(`shequ print: ${problem}\n\n${USAGE}`);
  return 2;
}
