/**
 * `shequ sim scanner [--baud N] [--code TEXT]... [--every S] [--after S] [--count N] [--terminator CR|LF|CRLF]`
 * A simulated serial scanner on a socat pty pair. Prints the path to open, then scans each --code in
 * turn every S seconds (or, without --code, each line typed on stdin).
 */
import { createInterface } from 'node:readline';
import {
  defineCommand,
  integerInRange,
  nonNegativeSeconds,
  oneOf,
  positiveSeconds,
} from '../../../platform/cli/index.ts';
import { PtyPairError } from '../../shared/pty-pair.ts';
import { SimulatedScanner } from '../sim/simulated-scanner.ts';

const USAGE = `usage: shequ sim scanner [--baud N] [--code TEXT]... [--every S] [--after S] [--count N] [--terminator CR|LF|CRLF]
`;

const TERMINATORS = ['CR', 'LF', 'CRLF'] as const;
type Terminator = (typeof TERMINATORS)[number];

export const run = defineCommand({
  name: 'sim scanner',
  usage: `${USAGE}  Prints the pty to open, then scans each --code in turn every S seconds (default 2),
  or, without --code, each line typed on stdin.
`,
  options: {
    baud: { type: 'string', default: '9600' },
    code: { type: 'string', multiple: true },
    every: { type: 'string', default: '2' },
    after: { type: 'string' },
    count: { type: 'string' },
    terminator: { type: 'string', default: 'CR' },
  },
  expected: [PtyPairError],
  run: async ({ values, io }) => {
    const terminator = oneOf(values.terminator.toUpperCase(), '--terminator', TERMINATORS);
    const baudRate = integerInRange(values.baud, '--baud', { min: 300, max: 4_000_000 });
    const everyMs = positiveSeconds(values.every, '--every') * 1000;
    const afterMs = nonNegativeSeconds(values.after, '--after') * 1000;
    const count =
      values.count === undefined
        ? Number.POSITIVE_INFINITY
        : integerInRange(values.count, '--count', { min: 1, max: Number.MAX_SAFE_INTEGER });
    const sim = new SimulatedScanner();
    const path = await sim.startSerial(baudRate);
    io.out(`simulated scanner ready: open ${path}\n`);
    try {
      await new Promise((r) => setTimeout(r, afterMs));
      if (values.code && values.code.length > 0) {
        await scanList(sim, values.code, { everyMs, count, terminator });
      } else {
        for await (const line of createInterface({ input: process.stdin })) {
          if (line.trim() !== '') await sim.scanSerial(line.trim(), { terminator });
        }
      }
    } finally {
      await sim.close();
    }
    return 0;
  },
});

async function scanList(
  sim: SimulatedScanner,
  codes: string[],
  opts: { everyMs: number; count: number; terminator: Terminator },
): Promise<void> {
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (let i = 0; i < opts.count && !stop; i++) {
      await sim.scanSerial(codes[i % codes.length]!, { terminator: opts.terminator });
      if (i + 1 < opts.count) await new Promise((r) => setTimeout(r, opts.everyMs));
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
