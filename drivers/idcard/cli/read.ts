/**
 * `shequ idcard read --port PATH [--baud N] [--timeout SECONDS] [--json] [--reveal]`
 * Reads the card on a reader once and prints the identity, masked unless --reveal.
 */
import { parseArgs } from 'node:util';
import { type ReadOnceResult, readOnce } from '../device/read-once.ts';
import { formatIdentity, identityView } from '../identity/format.ts';
import { SerialTransport } from '../link/serial-transport.ts';
import { SUPPORTED_BAUD_RATES } from '../protocol/commands.ts';

const USAGE = 'usage: shequ idcard read --port PATH [--baud N] [--timeout SECONDS] [--json] [--reveal]\n';

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
  const problem = !values.port
    ? '--port is required'
    : !SUPPORTED_BAUD_RATES.includes(baudRate)
      ? `--baud must be one of ${SUPPORTED_BAUD_RATES.join(', ')}`
      : !(timeoutS > 0)
        ? '--timeout must be a positive number of seconds'
        : null;
  if (problem || !values.port) {
    process.stderr.write(`shequ idcard read: ${problem}\n${USAGE}`);
    return EXIT.usage;
  }
  const path = values.port;
  if (!values.json) process.stderr.write(`Waiting up to ${timeoutS} s for a card on ${path} …\n`);
  const result = await readOnce(() => SerialTransport.open({ path, baudRate }), {
    baudRate,
    timeoutMs: timeoutS * 1000,
  });
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
