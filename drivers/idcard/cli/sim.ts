/**
 * `shequ sim idcard`: a simulated GA 467 reader on a virtual serial port (or on --port), answering at
 * real wire time plus a SAM delay, with scripted placement and fault injection. Reads commands on stdin.
 */
import { createInterface } from 'node:readline';
import {
  CliError,
  defineCommand,
  nonNegativeSeconds,
  type ParsedOptions,
  UsageError,
} from '../../../platform/cli/index.ts';
import { PtyPairError } from '../../shared/pty-pair.ts';
import { SUPPORTED_BAUD_RATES } from '../protocol/commands.ts';
import { toHex } from '../protocol/frame.ts';
import { loadSimCard, SimCardError } from '../sim/sim-card.ts';
import { REALISTIC_SAM_DELAYS, type SamDelayProfile } from '../sim/sim-server.ts';
import { type SimulatedReader, startSimulatedReader } from '../sim/simulated-reader.ts';
import { runSimCommand, SIM_COMMANDS_HELP } from './sim-commands.ts';

const USAGE = `usage: shequ sim idcard [options]
  --port PATH          serve this serial device instead of making a socat pty pair
  --baud N             ${SUPPORTED_BAUD_RATES.join(' | ')} (default 115200)
  --sam-delay MS|realistic   SAM processing time per command (default realistic: find/select 20, read 350)
  --place NAME         card to place (sim-cards/NAME.json or a JSON path)
  --after S            place it after S seconds (default 0)
  --remove-after S     remove it S seconds after placing
  --card-stays         find a card again while it stays on the reader (default: it must leave)
  --noise N  --split  --corrupt N  --drop N  --pull-mid-read  --self-test-fail   fault injection
  --seed N             seed for noise and split sizes
  --verbose            print every request and reply (replies cut after their 14-byte head: no card data)
stdin commands:
${SIM_COMMANDS_HELP.replace(/^/gm, '  ')}
`;

const OPTIONS = {
  port: { type: 'string' },
  baud: { type: 'string' },
  'sam-delay': { type: 'string' },
  place: { type: 'string' },
  after: { type: 'string' },
  'remove-after': { type: 'string' },
  'card-stays': { type: 'boolean' },
  noise: { type: 'string' },
  split: { type: 'boolean' },
  corrupt: { type: 'string' },
  drop: { type: 'string' },
  'pull-mid-read': { type: 'boolean' },
  'self-test-fail': { type: 'boolean' },
  seed: { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

type Values = ParsedOptions<typeof OPTIONS>;

function samDelay(v: string | undefined): number | SamDelayProfile | null {
  if (v === undefined || v === 'realistic') return REALISTIC_SAM_DELAYS;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function applyFaults(reader: SimulatedReader, v: Values): void {
  for (const [flag, command] of [
    ['noise', 'fault noise'],
    ['corrupt', 'fault corrupt'],
    ['drop', 'fault drop'],
  ] as const) {
    const value = v[flag];
    if (value !== undefined) runSimCommand(reader, `${command} ${value}`);
  }
  if (v.split) runSimCommand(reader, 'fault split on');
  if (v['pull-mid-read']) runSimCommand(reader, 'fault pull');
  if (v['self-test-fail']) runSimCommand(reader, 'fault selftest on');
}

export const run = defineCommand({
  name: 'sim idcard',
  usage: USAGE,
  options: OPTIONS,
  expected: [
    PtyPairError,
    [SimCardError, "see the cards under drivers/idcard/sim-cards/ or pass a JSON file's path"],
  ],
  run: async ({ values, io }) => {
    const baudRate = Number(values.baud ?? 115200);
    const delay = samDelay(values['sam-delay']);
    if (!SUPPORTED_BAUD_RATES.includes(baudRate)) {
      throw new UsageError(`--baud must be one of ${SUPPORTED_BAUD_RATES.join(', ')}`);
    }
    if (delay === null) throw new UsageError('--sam-delay must be milliseconds or "realistic"');
    const placeAfter = nonNegativeSeconds(values.after, '--after');
    const removeAfter = nonNegativeSeconds(values['remove-after'], '--remove-after');
    if (values.place) loadSimCard(values.place);
    const verbose = values.verbose === true;
    const reader = await startSimulatedReader({
      baudRate,
      samDelayMs: delay,
      findWhileSelected: values['card-stays'] ? 'found' : 'no-card',
      ...(values.port ? { port: values.port } : {}),
      ...(values.seed ? { seed: Number(values.seed) } : {}),
      ...(verbose
        ? {
            onExchange: (request, reply) => {
              const req =
                request.kind === 'frame'
                  ? toHex(request.bytes)
                  : `(${request.reason}, ${request.bytes} bytes)`;
              io.out(`<- ${req}\n-> ${reply ? toHex(reply, 14) : '(no reply)'}\n`);
            },
          }
        : {}),
    }).catch((err: Error) => {
      if (err instanceof PtyPairError || !values.port) throw err;
      throw new CliError(`cannot open ${values.port}: ${err.message}; check the path and its permissions`);
    });
    applyFaults(reader, values);
    const where = reader.devicePath || values.port;
    io.out(`ID card reader simulator at ${baudRate} baud: open ${where}\n`);
    io.out(`(serving ${reader.samPath}; type 'help' for commands, Ctrl-C to stop)\n`);

    const timers: NodeJS.Timeout[] = [];
    const say = (line: string): void => {
      if (line) io.out(`${line}\n`);
    };
    if (values.place) {
      const name = values.place;
      timers.push(
        setTimeout(() => {
          try {
            say(runSimCommand(reader, `place ${name}`));
          } catch (err) {
            say((err as Error).message);
            return;
          }
          if (values['remove-after'] !== undefined) {
            timers.push(setTimeout(() => say(runSimCommand(reader, 'remove')), removeAfter * 1000));
          }
        }, placeAfter * 1000),
      );
    }

    const lines = createInterface({ input: process.stdin, terminal: false });
    lines.on('line', (line) => {
      if (line.trim() === 'quit') {
        process.kill(process.pid, 'SIGTERM');
        return;
      }
      try {
        say(runSimCommand(reader, line));
      } catch (err) {
        say((err as Error).message);
      }
    });

    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    for (const t of timers) clearTimeout(t);
    lines.close();
    await reader.close();
    return 0;
  },
});
