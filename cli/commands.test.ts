/**
 * Every registered `shequ` command, walked from the registry in main.ts (so commands added later are
 * walked too). Each registered command runs as a user runs it, `bin/shequ.mjs` in a child process;
 * the verbs inside a command group and the failure cases go through the same main() in this process,
 * which keeps the file to a few seconds of CPU (each child costs ~0.5 s of tsx start-up). Every
 * command answers --help with its usage (exit 0), an unknown option with one line naming it plus the
 * usage (exit 2), and its expected failures with one line naming the problem and what to do (exit 1,
 * or the outcome code the command documents); no output ever holds a stack trace.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CliIo, Command } from '../platform/cli/index.ts';
import { shequBin } from '../test/support/shequ-process.ts';
import { main, subcommands } from './main.ts';

const SHEQU = shequBin;
const STACK_LINE = /^\s+at .+/m;
/** Two cores: four children keep both busy while one waits on I/O. */
const PARALLEL = 4;
/** Bounds, not goals: generous, because this box often runs several suites at once. */
const RUN_TIMEOUT_MS = 120_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function shequ(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SHEQU, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SHEQU_DEBUG: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs every argument list, at most PARALLEL at a time, in order of the input. */
async function runAll(argLists: string[][]): Promise<Run[]> {
  const results: Run[] = new Array(argLists.length);
  let next = 0;
  const worker = async () => {
    while (next < argLists.length) {
      const i = next++;
      results[i] = await shequ(argLists[i]!);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return results;
}

/** `shequ ARGS…` through main() in this process, with its output captured. */
async function shequInProcess(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** The verbs of every registered command group (recursively), as the words a user types. */
async function groupVerbs(): Promise<string[][]> {
  const paths: string[][] = [];
  const walk = (words: string[], command: Partial<Command>) => {
    for (const [verb, sub] of Object.entries(command.subcommands ?? {})) {
      paths.push([...words, verb]);
      walk([...words, verb], sub);
    }
  };
  for (const entry of subcommands) walk(entry.words, (await entry.load()).run as Partial<Command>);
  return paths;
}

/** What is wrong with the answers to `WORDS --help` and `WORDS --no-such-option`. */
function helpAndUnknownProblems(words: string[], help: Run, unknown: Run): string[] {
  const name = words.join(' ');
  const problems: string[] = [];
  if (help.code !== 0) problems.push(`${name} --help exited ${help.code}: ${help.stderr}`);
  if (!/^usage:/im.test(help.stdout)) problems.push(`${name} --help printed no usage line: ${help.stdout}`);
  if (help.stderr !== '') problems.push(`${name} --help wrote to stderr: ${help.stderr}`);
  if (unknown.code !== 2) problems.push(`${name} --no-such-option exited ${unknown.code}: ${unknown.stderr}`);
  const [first, ...rest] = unknown.stderr.split('\n');
  if (!new RegExp(`^shequ ${name}( [a-z-]+)?: unknown option '--no-such-option'$`).test(first ?? '')) {
    problems.push(`${name} --no-such-option said: ${first}`);
  }
  if (!/usage/i.test(rest.join('\n'))) problems.push(`${name} --no-such-option showed no usage`);
  if (unknown.stdout !== '') problems.push(`${name} --no-such-option wrote to stdout: ${unknown.stdout}`);
  for (const r of [help, unknown]) {
    if (STACK_LINE.test(r.stdout + r.stderr))
      problems.push(`${name}: a stack trace:\n${r.stdout}${r.stderr}`);
  }
  return problems;
}

/** The lines that report a failure of `shequ WORDS…` (progress lines of the command aside). */
function failureLines(words: string[], run: Run): string[] {
  return `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.startsWith(`shequ ${words.join(' ')}`));
}

describe('every shequ command line', { timeout: 600_000 }, () => {
  test('each registered command, as a process: --help exits 0 with its usage, an unknown option exits 2', async () => {
    const registered = subcommands.map((c) => c.words);
    assert.ok(registered.length >= 17, `only ${registered.length} registered commands`);
    const runs = await runAll(
      registered.flatMap((words) => [
        [...words, '--help'],
        [...words, '--no-such-option'],
      ]),
    );
    const problems = registered.flatMap((words, i) =>
      helpAndUnknownProblems(words, runs[2 * i]!, runs[2 * i + 1]!),
    );
    assert.deepEqual(problems, []);
  });

  test('each verb of a command group, through main(): the same answers', async () => {
    const verbs = await groupVerbs();
    assert.ok(verbs.length >= 15, `only ${verbs.length} verbs in the command groups`);
    const problems: string[] = [];
    for (const words of verbs) {
      const help = await shequInProcess([...words, '--help']);
      const unknown = await shequInProcess([...words, '--no-such-option']);
      problems.push(...helpAndUnknownProblems(words, help, unknown));
    }
    assert.deepEqual(problems, []);
  });
});

describe('the expected failures of each command', { timeout: 300_000 }, () => {
  let dir: string;
  let busy: Server;
  let busyPort: number;
  let closedPort: number;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shequ-cli-failures-'));
    await mkdir(join(dir, 'empty'));
    await writeFile(join(dir, 'a-file'), 'not a directory');
    await writeFile(join(dir, 'junk.png'), 'not a png');
    busy = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => busy.once('listening', r));
    busyPort = (busy.address() as { port: number }).port;
    const probe = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => probe.once('listening', r));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
  });
  after(async () => {
    busy.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('each is one line that names the problem and what to do, with its exit code, never a stack', async () => {
    const empty = join(dir, 'empty');
    const aFile = join(dir, 'a-file');
    const down = `mqtt://127.0.0.1:${closedPort}`;
    /** [words of the command, its arguments, the exit code, the one line (after 'shequ WORDS: ')]. */
    const cases: Array<[string, string[], number, RegExp]> = [
      ['build-ui', ['--out', join(aFile, 'dist')], 1, /not a directory/],
      ['sim idcard', ['--place', 'nobody'], 1, /cannot read simulated card 'nobody'.*; see the cards under/],
      [
        'idcard read',
        ['--port', '/dev/shequ-no-such-port', '--timeout', '1'],
        3,
        /^no reader: .*; check the cable and --port$/,
      ],
      [
        'sim printer',
        ['--port', String(busyPort)],
        1,
        /^127\.0\.0\.1:\d+ is in use by another program; stop it or pass another --port/,
      ],
      [
        'print test',
        ['--printer', `tcp://127.0.0.1:${closedPort}`, '--timeout', '0.3'],
        1,
        /^not printed within 0\.3 s: printer \w+.*; check that it is on/,
      ],
      [
        'scanner listen',
        ['--serial', '/dev/shequ-no-such-port', '--timeout', '0.3'],
        4,
        /^no code within 0\.3 s$/,
      ],
      [
        'sim scanner',
        ['--baud', 'fast'],
        2,
        /^--baud must be a whole number from 300 to 4000000, not 'fast'$/,
      ],
      ['ocr', [join(dir, 'junk.png'), '--kind', 'mrz'], 3, /^image-unreadable: /],
      ['ocr', [join(dir, 'missing.png')], 2, /^cannot read .*missing\.png: ENOENT; check the path$/],
      [
        'provision',
        [
          '--claim',
          'ABCD-EFGH',
          '--broker',
          'mqtts://127.0.0.1:1',
          '--data',
          empty,
          '--serial',
          'SN-TEST-0001',
        ],
        1,
        /^bootstrap bundle missing .*; put the factory bundle in .* or pass --bootstrap DIR$/,
      ],
      [
        'pair',
        ['kiosk', '--data', join(dir, 'no-such-appliance')],
        1,
        /^.*no-such-appliance is not an appliance data directory; give the one shequ start uses \(--data\)$/,
      ],
      ['reset', ['--factory', '--data', aFile], 1, /^cannot reset .*a-file: ENOTDIR.*; check --data/],
      ['doctor', ['--printer', `tcp://127.0.0.1:${closedPort}`, '--timeout', '0.5'], 1, /.*/],
      [
        'ingest',
        ['--db', `postgres://shequ@127.0.0.1:${closedPort}/central`, '--broker', down],
        1,
        /^cannot open the central database: .*ECONNREFUSED.*; check --db or --data$/,
      ],
      [
        'central serve',
        ['--db', `postgres://shequ@127.0.0.1:${closedPort}/central`, '--port', '0'],
        1,
        /^cannot open the central database: .*ECONNREFUSED.*; check --db or --data$/,
      ],
      [
        'central serve',
        ['--port', String(busyPort)],
        1,
        /^127\.0\.0\.1:\d+ is in use by another program; stop it or pass another --port$/,
      ],
      [
        'central users list',
        ['--db', `postgres://shequ@127.0.0.1:${closedPort}/central`],
        1,
        /^cannot open the central database: .*; check --db or --data$/,
      ],
      [
        'notify run',
        ['--key', join(dir, 'missing.key'), '--data', empty],
        1,
        /^cannot read the notification key .*missing\.key: ENOENT.*; create one with shequ notify keygen, or pass --key$/,
      ],
      ['notify messages', ['--ref', 'nonsense'], 1, /^--ref must be TYPE:ID, e\.g\. case:ID$/],
      [
        'fleet ls',
        ['--broker', down],
        1,
        /^cannot reach the broker at mqtt:\/\/127\.0\.0\.1:\d+: .*; is the broker running, and is the address right\?$/,
      ],
      [
        'fleet ls',
        ['--data', empty],
        1,
        /^no broker given and no running demo found at .*empty\/broker\.json; pass --broker URL$/,
      ],
      ['fleet show', ['K0001', '--broker', down], 1, /^cannot reach the broker at /],
      ['fleet tail', ['--broker', down], 1, /^cannot reach the broker at /],
      ['fleet cmd', ['K0001', 'sync-now', '--broker', down], 1, /^cannot reach the broker at /],
      [
        'fleet ca init',
        ['--add-batch', '--data', empty],
        1,
        /bootstrap-ca\.pem: ENOENT.*\(run shequ fleet ca init\)$/,
      ],
      [
        'fleet enroll run',
        ['--broker', 'mqtts://127.0.0.1:1', '--data', empty],
        1,
        /svc-enroll\.pem: ENOENT.*\(run shequ fleet ca init\)$/,
      ],
      [
        'fleet enroll claim',
        ['--site', 'xingfu', '--data', aFile],
        1,
        /^cannot mkdir .*a-file\/enroll.*: a part of the path is not a directory; check the path/,
      ],
      [
        'fleet enroll approve',
        ['SN-NOBODY', '--data', empty],
        1,
        /^no enrolment request from serial SN-NOBODY is waiting$/,
      ],
      [
        'fleet config push',
        ['--kiosk', 'K0001', '--config', join(dir, 'missing.json'), '--broker', down, '--data', empty],
        1,
        /^cannot read the configuration .*missing\.json: .*; check --config$/,
      ],
    ];
    const runs: Run[] = [];
    for (const [words, args] of cases) runs.push(await shequInProcess([...words.split(' '), ...args]));
    const problems: string[] = [];
    cases.forEach(([words, args, code, line], i) => {
      const run = runs[i]!;
      const label = `shequ ${words} ${args.join(' ')}`;
      const all = run.stdout + run.stderr;
      if (run.code !== code) problems.push(`${label}: exit ${run.code}, not ${code}: ${all}`);
      if (STACK_LINE.test(all)) problems.push(`${label}: a stack trace:\n${all}`);
      if (words === 'doctor') {
        // Its report is the output: the printer that failed its test is named in it.
        if (!/^FAULT\s+printer\s+tcp:\/\/127\.0\.0\.1:\d+$/m.test(run.stdout))
          problems.push(`${label}: ${all}`);
        return;
      }
      const failures = failureLines(words.split(' '), run);
      if (failures.length !== 1) problems.push(`${label}: ${failures.length} failure lines:\n${all}`);
      const said = (failures[0] ?? '').replace(/^shequ [a-z -]+: /, '');
      if (!line.test(said)) problems.push(`${label}: said '${said}', expected ${line}`);
      if (said.includes('internal error'))
        problems.push(`${label}: an expected failure reported as internal`);
    });
    assert.deepEqual(problems, []);
    // Every registered command has a case here, so a new one cannot skip its failure paths.
    const covered = new Set(cases.map(([words]) => words));
    const missing = subcommands
      .map((c) => c.words.join(' '))
      .filter((w) => w !== 'start' && ![...covered].some((c) => c === w || c.startsWith(`${w} `)));
    // `shequ start` (port in use, data directory in use, bad configuration) is the appliance's own test's.
    assert.deepEqual(missing, [], 'registered commands without an expected-failure case');
  });
});
