/**
 * `shequ sim scanner [--baud N] [--code TEXT]... [--every S] [--after S] [--count N] [--terminator CR|LF|CRLF]`
 * A simulated serial scanner on a socat pty pair. Prints the path to open, then scans each --code in
 * turn every S seconds (or, without --code, each line typed on stdin).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { SimulatedScanner } from '../sim/simulated-scanner.ts';
import { type CliIo, processIo } from './io.ts';

const USAGE = `usage: shequ sim scanner [--baud N] [--code TEXT]... [--every S] [--after S] [--count N] [--terminator CR|LF|CRLF]
`;

const TERMINATORS = ['CR', 'LF', 'CRLF'] as const;
type Terminator = (typeof TERMINATORS)[number];

export async function run(args: string[], io: CliIo = processIo): Promise<number> {
  let values: {
    baud?: string;
    code?: string[];
    every?: string;
    after?: string;
    count?: string;
    terminator?: string;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        baud: { type: 'string' },
        code: { type: 'string', multiple: true },
        every: { type: 'string' },
        after: { type: 'string' },
        count: { type: 'string' },
        terminator: { type: 'string' },
      },
    }));
  } catch (err) {
    io.err(`shequ sim scanner: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const terminator = (values.terminator ?? 'CR').toUpperCase() as Terminator;
  if (!TERMINATORS.includes(terminator)) {
    io.err(`shequ sim scanner: --terminator must be CR, LF or CRLF\n`);
    return 2;
  }
  const sim = new SimulatedScanner();
  const path = await sim.startSerial(Number(values.baud ?? 9600));
  io.out(`simulated scanner ready: open ${path}\n`);
  try {
    await new Promise((r) => setTimeout(r, Number(values.after ?? 0) * 1000));
    if (values.code && values.code.length > 0) {
      await scanList(sim, values.code, {
        everyMs: Number(values.every ?? 2) * 1000,
        count: values.count === undefined ? Number.POSITIVE_INFINITY : Number(values.count),
        terminator,
      });
    } else {
      for await (const line of createInterface({ input: process.stdin })) {
        if (line.trim() !== '') await sim.scanSerial(line.trim(), { terminator });
      }
    }
  } finally {
    await sim.close();
  }
  return 0;
}

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
