/**
 * The one `shequ` command line. Each subcommand lives next to the module it drives and is
 * loaded only when used, so `shequ --help` stays instant and a kiosk without HID hardware
 * never loads node-hid.
 */
import {
  asksForHelp,
  type CliIo,
  processIo,
  reportCrashesAsOneLine,
  reportFailure,
  UsageError,
} from '../platform/cli/index.ts';

/** One registered command: the words that select it and where its code is. */
export interface Subcommand {
  /** Words typed after `shequ`, e.g. `['sim', 'idcard']`. */
  words: string[];
  summary: string;
  /** Loads the module; its `run` is a platform/cli command (or, until converted, a plain function). */
  load: () => Promise<{ run: (args: string[], io?: CliIo) => Promise<number> }>;
}

export const subcommands: Subcommand[] = [
  {
    words: ['start'],
    summary: 'run the appliance (add --sim for simulated devices, embedded broker and ingest)',
    load: () => import('../demo/start.ts'),
  },
  {
    words: ['pair'],
    summary:
      'pair a screen with this appliance: pair kiosk|board|counter-rating:COUNTER prints a one-time code',
    load: () => import('../appliance/cli/pair.ts'),
  },
  {
    words: ['build-ui'],
    summary: 'build the kiosk, admin and board apps into kiosk-ui/dist',
    load: () => import('./build-ui.ts'),
  },
  {
    words: ['sim', 'idcard'],
    summary: 'simulated GA 467 ID card reader on a virtual serial port',
    load: () => import('../drivers/idcard/cli/sim.ts'),
  },
  {
    words: ['idcard', 'read'],
    summary: 'read the card on a real or simulated reader once and print the identity (masked)',
    load: () => import('../drivers/idcard/cli/read.ts'),
  },
  {
    words: ['sim', 'printer'],
    summary: 'virtual ESC/POS printer on 127.0.0.1 that decodes every job into a transcript',
    load: () => import('../drivers/printer/cli/sim.ts'),
  },
  {
    words: ['print'],
    summary:
      'print a test page or a sample ticket: print test|ticket --printer URI; print list finds USB printers',
    load: () => import('../drivers/printer/cli/print.ts'),
  },
  {
    words: ['scanner'],
    summary: 'QR scanner: scanner listen [--serial PATH | --hid VID:PID] prints codes; scanner udev-rules',
    load: () => import('../drivers/scanner/cli/scanner.ts'),
  },
  {
    words: ['sim', 'scanner'],
    summary: 'simulated QR scanner (keyboard-wedge reports or serial lines) that scans given codes',
    load: () => import('../drivers/scanner/cli/sim.ts'),
  },
  {
    words: ['ocr'],
    summary:
      'read an ID number or passport MRZ from a photo: ocr IMAGE [--kind auto|id|mrz] [--json] [--reveal]',
    load: () => import('../drivers/ocr/cli/ocr.ts'),
  },
  {
    words: ['provision'],
    summary: 'enrol this kiosk: provision --claim CODE --broker mqtts://HOST:8884',
    load: () => import('../provisioning/cli/provision.ts'),
  },
  {
    words: ['reset'],
    summary: 'reset --factory: erase personal data, keys and identity, and say what was erased',
    load: () => import('../provisioning/cli/reset.ts'),
  },
  {
    words: ['doctor'],
    summary: 'find readers, scanners and printers by USB VID/PID, match profiles, test each (--sim)',
    load: () => import('../provisioning/cli/doctor.ts'),
  },
  {
    words: ['ingest'],
    summary: 'central ingest: store kiosk transactions in PostgreSQL (PGlite by default) and ack them',
    load: () => import('../fleet/cli/ingest.ts'),
  },
  {
    words: ['central'],
    summary:
      'district data centre console (监察, 运维, 领导, admin): central [serve] | users | audit verify | rebuild',
    load: () => import('../fleet/central/cli.ts'),
  },
  {
    words: ['notify'],
    summary:
      'SMS notifications: notify run | test-send PHONE | keygen | staff | centre | messages --ref | purge | smsc',
    load: () => import('../fleet/notify/cli/notify.ts'),
  },
  {
    words: ['fleet'],
    summary:
      "fleet console: ls | show KIOSK | tail | cmd KIOSK NAME | rollout … (the running demo's broker without --broker)",
    load: () => import('../fleet/cli/fleet.ts'),
  },
  {
    words: ['fleet', 'ca'],
    summary: 'fleet ca init: create the CAs, broker, service and bootstrap certificates, config signing key',
    load: () => import('../fleet/enroll/cli-ca.ts'),
  },
  {
    words: ['fleet', 'enroll'],
    summary: 'enrolment service (fleet enroll run) and claim | list | approve for operators',
    load: () => import('../fleet/enroll/cli-enroll.ts'),
  },
  {
    words: ['fleet', 'config'],
    summary: 'fleet config push: sign a configuration bundle and publish it to a kiosk or site',
    load: () => import('../fleet/config-push/cli.ts'),
  },
];

export function helpText(): string {
  const width = Math.max(...subcommands.map((c) => c.words.join(' ').length));
  const lines = subcommands.map((c) => `  ${c.words.join(' ').padEnd(width)}  ${c.summary}`);
  return [
    'Usage: shequ <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Every command answers --help. Exit codes: 0 done, 1 failed (the message says why), 2 bad command line;',
    'idcard read, scanner listen, ocr and fleet cmd add their own outcome codes (see their --help).',
    '',
  ].join('\n');
}

/** The registered command the arguments start with (the longest match), and what follows it. */
export function findSubcommand(argv: readonly string[]): { command: Subcommand; rest: string[] } | undefined {
  const match = subcommands
    .filter((c) => c.words.every((w, i) => argv[i] === w))
    .sort((a, b) => b.words.length - a.words.length)[0];
  return match ? { command: match, rest: argv.slice(match.words.length) } : undefined;
}

/** Words naming the command being run, for crash messages from outside any awaited path. */
let running = '';

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === 'help' || asksForHelp([first])) {
    io.out(helpText());
    return 0;
  }
  const found = findSubcommand(argv);
  if (!found) {
    const prefix = subcommands.some((c) => c.words.length > 1 && c.words[0] === first);
    const problem = first.startsWith('-')
      ? `unknown option '${first}'`
      : `unknown command '${prefix && argv[1] !== undefined ? `${first} ${argv[1]}` : first}'`;
    return reportFailure('', new UsageError(problem), io, helpText());
  }
  running = found.command.words.join(' ');
  try {
    const mod = await found.command.load();
    return await mod.run(found.rest, io);
  } catch (err) {
    // Only a command not yet on the helper lets errors escape; they get the same one line.
    return reportFailure(running, err, io);
  }
}

/** The process entry point (bin/shequ.mjs): also keeps stray crashes to one line. */
export function runFromProcess(argv: string[]): Promise<number> {
  reportCrashesAsOneLine(() => running, processIo);
  return main(argv);
}
