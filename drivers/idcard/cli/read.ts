/**
 * `shequ idcard read --port PATH [--baud N] [--timeout SECONDS] [--json] [--reveal]`
 * Reads the card on a reader once and prints the identity, masked unless --reveal.
 */
import { CliError, defineCommand, oneOf, positiveSeconds, UsageError } from '../../../platform/cli/index.ts';
import { type ReadOnceResult, readOnce } from '../device/read-once.ts';
import { formatIdentity, identityView } from '../identity/format.ts';
import { HidTransport } from '../link/hid-transport.ts';
import { SerialTransport } from '../link/serial-transport.ts';
import { findReaders, type ReaderCandidate } from '../link/supported-readers.ts';
import type { TransportOpener } from '../link/transport.ts';
import { SUPPORTED_BAUD_RATES } from '../protocol/commands.ts';

const USAGE = `usage: shequ idcard read [--port PATH [--baud N] | --hid VID:PID] [--timeout SECONDS] [--json] [--reveal]
  With neither --port nor --hid, a reader recognised by its USB VID/PID is used if there is exactly one.
  The identity is masked unless --reveal.
exit 0 card read, 2 bad command line, 3 no reader, 4 no card, 5 bad replies, 6 reader's SAM fault, 7 card unreadable
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

export const run = defineCommand({
  name: 'idcard read',
  usage: USAGE,
  options: {
    port: { type: 'string', short: 'p' },
    hid: { type: 'string' },
    baud: { type: 'string', default: '115200' },
    timeout: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    reveal: { type: 'boolean', default: false },
  },
  run: async ({ values, io }) => {
    const baudRate = Number(
      oneOf(
        values.baud,
        '--baud',
        SUPPORTED_BAUD_RATES.map((b) => String(b)),
      ),
    );
    const timeoutS = positiveSeconds(values.timeout, '--timeout');
    if (values.hid !== undefined && !parseVidPid(values.hid)) {
      throw new UsageError('--hid must be VID:PID in hex, e.g. 10c4:0007');
    }
    const target = await chooseReader(values.port, values.hid, baudRate, io.err);
    if (!values.json) io.err(`Waiting up to ${timeoutS} s for a card on ${target.label} …\n`);
    const result = await readOnce(target.open, { baudRate, timeoutMs: timeoutS * 1000 });
    if (values.json) {
      const body =
        result.outcome === 'card'
          ? { outcome: 'card', identity: identityView(result.identity, values.reveal) }
          : result;
      io.out(`${JSON.stringify(body, null, 2)}\n`);
      return EXIT[result.outcome];
    }
    if (result.outcome !== 'card') throw new CliError(messageFor(result), { exitCode: EXIT[result.outcome] });
    io.out(`${formatIdentity(result.identity, values.reveal)}\n`);
    if (!result.identity.checkDigitValid) {
      io.err('WARNING: the number on this card fails its check digit; do not trust this card.\n');
    }
    return EXIT.card;
  },
});

interface Target {
  label: string;
  open: TransportOpener;
}

function parseVidPid(text: string): { vendorId: number; productId: number } | null {
  const m = /^(?:0x)?([0-9a-f]{1,4}):(?:0x)?([0-9a-f]{1,4})$/i.exec(text);
  return m ? { vendorId: Number.parseInt(m[1]!, 16), productId: Number.parseInt(m[2]!, 16) } : null;
}

/** The reader to use; without --port or --hid, the one attached reader recognised by VID/PID. */
async function chooseReader(
  port: string | undefined,
  hid: string | undefined,
  baudRate: number,
  say: (line: string) => void,
): Promise<Target> {
  if (port) return { label: port, open: () => SerialTransport.open({ path: port, baudRate }) };
  const address = hid ? parseVidPid(hid) : null;
  if (address) return { label: `USB-HID ${hid}`, open: () => HidTransport.open(address) };
  let candidates: ReaderCandidate[];
  try {
    candidates = await findReaders({ includeHid: true });
  } catch (err) {
    throw new CliError(`no --port given and readers could not be listed: ${(err as Error).message}`, {
      exitCode: EXIT['no-reader'],
    });
  }
  const exact = candidates.filter((c) => c.match === 'exact');
  const only = exact.length === 1 ? exact[0] : undefined;
  if (only) {
    const { fingerprint: fp, path } = only;
    say(`Using ${fp.name} at ${path}\n`);
    return fp.transport === 'hid'
      ? {
          label: path,
          open: () => HidTransport.open({ vendorId: fp.vendorId, productId: fp.productId, path }),
        }
      : { label: path, open: () => SerialTransport.open({ path, baudRate }) };
  }
  if (candidates.length === 0) {
    throw new CliError('no --port given and no known reader is attached; plug one in or pass --port PATH', {
      exitCode: EXIT['no-reader'],
    });
  }
  const list = candidates.map(
    (c) => `${c.path} (${c.fingerprint.name}${c.match === 'confirm' ? ', confirm' : ''})`,
  );
  throw new UsageError(`several readers could be the one; pass --port with one of ${list.join(', ')}`);
}

function messageFor(result: Exclude<ReadOnceResult, { outcome: 'card' }>): string {
  switch (result.outcome) {
    case 'no-reader':
      return `no reader: ${result.detail}; check the cable and --port`;
    case 'no-card':
      return `no card: ${result.detail}; place the card flat on the reader and try again`;
    case 'sam-fault':
      return `the reader's security module reports a fault: ${result.detail}; power the reader off and on`;
    case 'unreadable':
      return `card could not be read: ${result.detail}; hold the card still and try again`;
    case 'link-error':
      return `bad or missing reply from the reader (${result.code}): ${result.detail}; check --baud and the cable`;
  }
}
