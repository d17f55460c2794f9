import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineCommand, defineGroup } from './command.ts';
import { CliError, UsageError } from './errors.ts';
import type { CliIo } from './io.ts';
import { positiveSeconds } from './values.ts';

function capture(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    stdout: () => out,
    stderr: () => err,
  };
}

const STACK_LINE = /^\s+at /m;

const seen: Array<{ values: unknown; positionals: string[] }> = [];
const greet = defineCommand({
  name: 'demo greet',
  usage: 'usage: shequ demo greet NAME [--times N] [--loud]',
  options: { times: { type: 'string' }, loud: { type: 'boolean' } },
  positionals: ['NAME'],
  run: ({ values, positionals, io }) => {
    seen.push({ values, positionals });
    const times = values.times === undefined ? 1 : Number(values.times);
    if (positionals[0] === 'nobody') throw new CliError('nobody is here; pass a name that is');
    if (positionals[0] === 'later') throw new CliError('not reachable now', { exitCode: 3 });
    if (positionals[0] === 'bug') throw new TypeError("Cannot read properties of undefined (reading 'x')");
    if (values.times === '0') positiveSeconds(values.times, '--times');
    io.out(`${(values.loud ? 'HELLO ' : 'hello ').repeat(times)}${positionals[0]}\n`);
    return undefined;
  },
});

describe('platform/cli defineCommand', () => {
  it('--help and -h print the usage on stdout and exit 0, even beside other arguments', async () => {
    for (const args of [['--help'], ['-h'], ['--bogus', '--help'], ['ann', '-h']]) {
      const io = capture();
      assert.equal(await greet(args, io), 0, args.join(' '));
      assert.equal(io.stdout(), 'usage: shequ demo greet NAME [--times N] [--loud]\n');
      assert.equal(io.stderr(), '');
    }
  });

  it('after -- a --help is an argument, not a request for help', async () => {
    const io = capture();
    assert.equal(await greet(['--', '--help'], io), 0);
    assert.equal(io.stdout(), 'hello --help\n');
  });

  it('runs with the parsed values and positionals', async () => {
    const io = capture();
    assert.equal(await greet(['ann', '--times', '2', '--loud'], io), 0);
    assert.equal(io.stdout(), 'HELLO HELLO ann\n');
    assert.deepEqual(seen.at(-1)?.positionals, ['ann']);
  });

  it('an unknown option is one line naming it, then the usage, exit 2', async () => {
    const io = capture();
    assert.equal(await greet(['ann', '--frob'], io), 2);
    const [first, ...rest] = io.stderr().split('\n');
    assert.equal(first, "shequ demo greet: unknown option '--frob'");
    assert.match(rest.join('\n'), /usage: shequ demo greet NAME/);
    assert.equal(io.stdout(), '');
  });

  it('a missing or extra positional, a missing option value and a bad value are usage errors', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /^shequ demo greet: missing NAME$/],
      [['ann', 'bob'], /^shequ demo greet: unexpected argument 'bob'$/],
      [['ann', '--times'], /^shequ demo greet: option '--times <value>' argument missing$/],
      [['ann', '--loud=yes'], /^shequ demo greet: option '--loud' does not take an argument$/],
      [['ann', '--times', '0'], /^shequ demo greet: --times must be a positive number of seconds, not '0'$/],
    ];
    for (const [args, line] of cases) {
      const io = capture();
      assert.equal(await greet(args, io), 2, args.join(' '));
      assert.match(io.stderr().split('\n')[0] ?? '', line);
      assert.doesNotMatch(io.stderr(), STACK_LINE);
    }
  });

  it('an expected failure is one line and exit 1, or the code the command gives it', async () => {
    const io = capture();
    assert.equal(await greet(['nobody'], io), 1);
    assert.equal(io.stderr(), 'shequ demo greet: nobody is here; pass a name that is\n');
    const later = capture();
    assert.equal(await greet(['later'], later), 3);
    assert.equal(later.stderr(), 'shequ demo greet: not reachable now\n');
  });

  it('an unexpected error is one line that says how to see more, no stack unless SHEQU_DEBUG=1', async () => {
    const io = capture();
    assert.equal(await greet(['bug'], io), 1);
    assert.equal(
      io.stderr(),
      "shequ demo greet: internal error: Cannot read properties of undefined (reading 'x') (run with SHEQU_DEBUG=1 for details)\n",
    );
    process.env.SHEQU_DEBUG = '1';
    try {
      const debug = capture();
      assert.equal(await greet(['bug'], debug), 1);
      assert.match(debug.stderr(), STACK_LINE);
    } finally {
      delete process.env.SHEQU_DEBUG;
    }
  });

  it('errors of the classes a command names as expected are one line and exit 1, with its hint', async () => {
    class BrokerDownError extends Error {}
    class DirTakenError extends Error {}
    const connect = defineCommand({
      name: 'demo connect',
      usage: 'usage: shequ demo connect [--dir]',
      options: { dir: { type: 'boolean' } },
      expected: [BrokerDownError, [DirTakenError, 'stop it or pass another --data DIR']],
      run: ({ values }) => {
        if (values.dir) throw new DirTakenError('var/sim is in use by process 42');
        throw new BrokerDownError('cannot reach the broker at mqtt://127.0.0.1:1');
      },
    });
    const io = capture();
    assert.equal(await connect([], io), 1);
    assert.equal(io.stderr(), 'shequ demo connect: cannot reach the broker at mqtt://127.0.0.1:1\n');
    const dir = capture();
    assert.equal(await connect(['--dir'], dir), 1);
    assert.equal(
      dir.stderr(),
      'shequ demo connect: var/sim is in use by process 42; stop it or pass another --data DIR\n',
    );
  });

  it('a message that spans lines is printed as one', async () => {
    const listing = defineCommand({
      name: 'demo pick',
      usage: 'usage: shequ demo pick',
      run: () => {
        throw new UsageError('several readers; choose one of:\n  /dev/ttyUSB0\n  /dev/ttyUSB1');
      },
    });
    const io = capture();
    assert.equal(await listing([], io), 2);
    assert.equal(
      io.stderr().split('\n')[0],
      'shequ demo pick: several readers; choose one of:; /dev/ttyUSB0; /dev/ttyUSB1',
    );
  });
});

describe('platform/cli defineGroup', () => {
  const group = defineGroup({
    name: 'demo',
    usage: 'usage: shequ demo greet NAME | shequ demo wave',
    commands: {
      greet,
      wave: defineCommand({ name: 'demo wave', usage: 'usage: shequ demo wave', run: () => 0 }),
    },
  });
  const withDefault = defineGroup({
    name: 'svc',
    usage: 'usage: shequ svc [run] [--port N]',
    defaultCommand: 'run',
    commands: {
      run: defineCommand({
        name: 'svc run',
        usage: 'usage: shequ svc run [--port N]',
        options: { port: { type: 'string' } },
        run: ({ values, io }) => {
          io.out(`port ${values.port ?? 'none'}\n`);
          return 0;
        },
      }),
    },
  });

  it('hands the rest of the arguments to the verb, whose --help is its own', async () => {
    const io = capture();
    assert.equal(await group(['greet', 'ann'], io), 0);
    assert.equal(io.stdout(), 'hello ann\n');
    const help = capture();
    assert.equal(await group(['greet', '--help'], help), 0);
    assert.match(help.stdout(), /^usage: shequ demo greet NAME/);
    const own = capture();
    assert.equal(await group(['-h'], own), 0);
    assert.match(own.stdout(), /^usage: shequ demo greet NAME \| shequ demo wave/);
  });

  it('an unknown verb, an option in place of a verb, or no verb at all is a usage error', async () => {
    const cases: Array<[string[], string]> = [
      [['juggle'], "shequ demo: unknown command 'juggle'"],
      [['constructor'], "shequ demo: unknown command 'constructor'"],
      [['--frob'], "shequ demo: unknown option '--frob'"],
      [[], 'shequ demo: which one? greet, wave'],
    ];
    for (const [args, line] of cases) {
      const io = capture();
      assert.equal(await group(args, io), 2);
      assert.equal(io.stderr().split('\n')[0], line);
      assert.match(io.stderr(), /usage: shequ demo greet NAME \| shequ demo wave/);
    }
  });

  it('a default verb runs when the arguments start with an option or are empty', async () => {
    for (const [args, out] of [
      [['--port', '8'], 'port 8\n'],
      [[], 'port none\n'],
      [['run', '--port', '9'], 'port 9\n'],
    ] as const) {
      const io = capture();
      assert.equal(await withDefault([...args], io), 0);
      assert.equal(io.stdout(), out);
    }
    assert.deepEqual(Object.keys(group.subcommands ?? {}), ['greet', 'wave']);
  });
});
