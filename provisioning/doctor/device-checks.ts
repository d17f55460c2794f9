/**
 * One functional check per device class, each ending in a verdict value: read a card (masked),
 * print a test ticket, listen for a scan. Link failures become 'fault' verdicts, never throws.
 */
import { SerialPort } from 'serialport';
import {
  HidTransport,
  maskIdNumber,
  maskName,
  readOnce,
  SerialTransport,
} from '../../drivers/idcard/index.ts';
import { buildTicketJob, openPrinter, printerProfiles } from '../../drivers/printer/index.ts';

export interface CheckVerdict {
  status: 'ok' | 'warning' | 'fault' | 'not-tested';
  detail: string;
}

export type ReaderAddress = { path: string; baudRate: number } | { vendorId: number; productId: number };

export async function checkReader(address: ReaderAddress, timeoutMs: number): Promise<CheckVerdict> {
  const open =
    'path' in address
      ? () => SerialTransport.open({ path: address.path, baudRate: address.baudRate })
      : () => HidTransport.open({ vendorId: address.vendorId, productId: address.productId });
  const result = await readOnce(open, {
    timeoutMs,
    ...('baudRate' in address ? { baudRate: address.baudRate } : {}),
  });
  switch (result.outcome) {
    case 'card': {
      const id = result.identity;
      const check = id.checkDigitValid ? 'check digit valid' : 'CHECK DIGIT INVALID';
      return {
        status: id.checkDigitValid ? 'ok' : 'warning',
        detail: `read a ${id.cardType} card: ${maskName(id.name || id.nameEn || '')} ${maskIdNumber(id.number)} (${check})`,
      };
    }
    case 'no-card':
      return {
        status: 'warning',
        detail: `reader and SAM answer; no card was placed within ${Math.round(timeoutMs / 1000)} s`,
      };
    case 'no-reader':
      return { status: 'fault', detail: `cannot open: ${result.detail}` };
    case 'sam-fault':
    case 'unreadable':
    case 'link-error':
      return { status: 'fault', detail: result.detail };
  }
}

export async function checkPrinter(
  uri: string,
  driverProfile: string,
  timeoutMs: number,
): Promise<CheckVerdict> {
  const profile = printerProfiles[driverProfile];
  let printer: ReturnType<typeof openPrinter>;
  try {
    printer = openPrinter(uri, profile ? { profile } : {});
  } catch (err) {
    return { status: 'fault', detail: (err as Error).message };
  }
  const job = await buildTicketJob(
    {
      centreName: '设备自检 Device check',
      serviceName: '打印测试 Printer test',
      number: 'T001',
      peopleAhead: 0,
      estimatedWaitMin: 0,
      issuedAt: new Date(),
      qrPayload: 'shequ:doctor:printer-test',
    },
    profile,
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      printer.print(`doctor-${Date.now()}`, job).then(
        () => 'printed' as const,
        () => 'closed' as const,
      ),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      }),
    ]);
    const h = printer.health;
    const state = `printer ${h.state}${h.detail ? ` (${h.detail})` : ''}`;
    if (outcome !== 'printed') return { status: 'fault', detail: `test ticket not printed: ${state}` };
    return {
      status: h.state === 'ok' ? 'ok' : 'warning',
      detail: `printed a test ticket (${job.length} bytes); ${state}`,
    };
  } finally {
    clearTimeout(timer);
    await printer.close().catch(() => {});
  }
}

/** Serial-line scanners: waits for one scan. Keyboard-wedge scanners type into the focused window instead. */
export async function checkSerialScanner(
  path: string,
  baudRate: number,
  timeoutMs: number,
): Promise<CheckVerdict> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  } catch (err) {
    return { status: 'fault', detail: `cannot open ${path}: ${(err as Error).message}` };
  }
  try {
    const line = await new Promise<string | null>((resolve) => {
      let text = '';
      const timer = setTimeout(() => resolve(null), timeoutMs);
      port.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        const end = text.search(/[\r\n\t]/);
        if (end >= 0) {
          clearTimeout(timer);
          resolve(text.slice(0, end));
        }
      });
    });
    if (line === null)
      return {
        status: 'warning',
        detail: `port opens; nothing scanned within ${Math.round(timeoutMs / 1000)} s`,
      };
    return { status: 'ok', detail: `scanned ${line.length} characters` };
  } finally {
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
