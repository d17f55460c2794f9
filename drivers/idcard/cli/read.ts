/**
 * `shequ idcard read --port PATH [--baud N] [--timeout SECONDS] [--json] [--reveal]`
 * Reads the card on a reader once and prints the identity, masked unless --reveal.
 */
import { parseArgs } from 'node:util';
import { type ReadOnceResult, readOnce } from '../device/read-once.ts';
import { formatIdentity, identityView } from '../identity/format.ts';
import { HidTransport } from '../link/hid-transport.ts';
import { SerialTransport } from '../link/serial-transport.ts';
import { findReaders, type ReaderCandidate } from '../link/supported-readers.ts';
import type { TransportOpener } from '../link/transport.ts';
import { SUPPORTED_BAUD_RATES } from '../protocol/commands.ts';

const USAGE = `usage: shequ idcard read [--port PATH [--baud N] | --hid VID:PID] [--timeout SECONDS] [--json] [--reveal]
  With neither --port nor --hid, a reader recognised by its USB VID/PID is used if there is exactly one.
`;

/** Exit codes, one per way a read can end. */
export const EXIT: Record<ReadOnceResult['outcome'] | 'usage', number> = {
  card: 0,
  usage: 2,
  'no-reader': 3,
  'no-card': 4,
  'link-error': 5,
  'sam-fault': 6,
  unreadable: 7,
};

export async function run(args: string[]): Promise<number> {
  let values: {
    port?: string;
    hid?: string;
    baud?: string;
    timeout?: string;
    json?: boolean;
    reveal?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string', short: 'p' },
        hid: { type: 'string' },
        baud: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        reveal: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    process.stderr.write(`shequ idcard read: ${(err as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const baudRate = Number(values.baud ?? 115200);
  const timeoutS = Number(values.timeout ?? 10);
  const problem = !SUPPORTED_BAUD_RATES.includes(baudRate)
    ? `--baud must be one of ${SUPPORTED_BAUD_RATES.join(', ')}`
    : !(timeoutS > 0)
      ? '--timeout must be a positive number of seconds'
      : values.hid !== undefined && !parseVidPid(values.hid)
        ? '--hid must be VID:PID in hex, e.g. 10c4:0007'
        : null;
  if (problem) {
    process.stderr.write(`shequ idcard read: ${problem}\n${USAGE}`);
    return EXIT.usage;
  }
  const target = await chooseReader(values.port, values.hid, baudRate);
  if (typeof target === 'string') {
    process.stderr.write(`shequ idcard read: ${target}\n${USAGE}`);
    return EXIT.usage;
  }
  if (!values.json) process.stderr.write(`Waiting up to ${timeoutS} s for a card on ${target.label} …\n`);
  const result = await readOnce(target.open, { baudRate, timeoutMs: timeoutS * 1000 });
  const reveal = values.reveal === true;
  if (values.json) {
    const body =
      result.outcome === 'card'
        ? { outcome: 'card', identity: identityView(result.identity, reveal) }
        : result;
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else if (result.outcome === 'card') {
    process.stdout.write(`${formatIdentity(result.identity, reveal)}\n`);
    if (!result.identity.checkDigitValid) {
      process.stderr.write(
        'WARNING: the number on this card fails its check digit; do not trust this card.\n',
      );
    }
  } else {
    process.stderr.write(`shequ idcard read: ${messageFor(result)}\n`);
  }
  return EXIT[result.outcome];
}

interface Target {
  label: string;
  open: TransportOpener;
}

function parseVidPid(text: string): { vendorId: number; productId: number } | null {
  const m = /^(?:0x)?([0-9a-f]{1,4}):(?:0x)?([0-9a-f]{1,4})$/i.exec(text);
  return m ? { vendorId: Number.parseInt(m[1]!, 16), productId: Number.parseInt(m[2]!, 16) } : null;
}

/** The reader to use, or the reason none could be chosen. */
async function chooseReader(
  port: string | undefined,
  hid: string | undefined,
  baudRate: number,
): Promise<Target | string> {
  if (port) return { label: port, open: () => SerialTransport.open({ path: port, baudRate }) };
  const address = hid ? parseVidPid(hid) : null;
  if (address) return { label: `USB-HID ${hid}`, open: () => HidTransport.open(address) };
  let candidates: ReaderCandidate[];
  try {
    candidates = await findReaders({ includeHid: true });
  } catch (err) {
    return `no --port given and readers could not be listed: ${(err as Error).message}`;
  }
  const exact = candidates.filter((c) => c.match === 'exact');
  const only = exact.length === 1 ? exact[0] : undefined;
  if (only) {
    const { fingerprint: fp, path } = only;
    process.stderr.write(`Using ${fp.name} at ${path}\n`);
    return fp.transport === 'hid'
      ? {
          label: path,
          open: () => HidTransport.open({ vendorId: fp.vendorId, productId: fp.productId, path }),
        }
      : { label: path, open: () => SerialTransport.open({ path, baudRate }) };
  }
  if (candidates.length === 0) return 'no --port given and no known reader is attached';
  const list = candidates.map(
    (c) => `  ${c.path}  ${c.fingerprint.name}${c.match === 'confirm' ? ' (confirm)' : ''}`,
  );
  return `no --port given; choose one of:\n${list.join('\n')}`;
}

function messageFor(result: Exclude<ReadOnceResult, { outcome: 'card' }>): string {
  switch (result.outcome) {
    case 'no-reader':
      return `no reader: ${result.detail}`;
    case 'no-card':
      return `no card: ${result.detail}`;
    case 'sam-fault':
      return `the reader's security module reports a fault: ${result.detail}`;
    case 'unreadable':
      return `card could not be read: ${result.detail}`;
    case 'link-error':
      return `bad or missing reply from the reader (${result.code}): ${result.detail}`;
  }
}
