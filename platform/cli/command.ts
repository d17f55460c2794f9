/**
 * One way for every `shequ` subcommand to read its command line: it declares its options, its
 * positional arguments, its usage text and a run function; this file parses (node:util parseArgs,
 * strict), answers --help / -h with the usage on stdout (exit 0), turns a bad command line into one
 * line plus the usage (exit 2), and any failure into one line (see report.ts), never a stack trace.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError, UsageError } from './errors.ts';
import { type CliIo, processIo } from './io.ts';
import { reportFailure } from './report.ts';

type ErrorType = abstract new (...args: never[]) => Error;
export type ExpectedError = ErrorType | readonly [ErrorType, string];

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export type ParsedOptions<O extends OptionSpecs> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>['values'];

export interface CommandInput<O extends OptionSpecs> {
  values: ParsedOptions<O>;
  /** The positional arguments, as many as the command declared (checked before run). */
  positionals: string[];
  io: CliIo;
}

export interface CommandSpec<O extends OptionSpecs> {
  /** The words after `shequ`, as messages name the command, e.g. 'fleet ls'. */
  name: string;
  /** Printed for --help (stdout, exit 0) and after a usage error (stderr, exit 2). */
  usage: string;
  options?: O;
  /** Names of the required positional arguments, in order, e.g. ['KIOSK', 'NAME']. */
  positionals?: readonly string[];
  /**
   * Error classes of the modules the command drives that are expected failures (exit 1, their
   * message as the one line), e.g. a broker that cannot be reached; with a hint, what to do
   * follows the message.
   */
  expected?: readonly ExpectedError[];
  /** Returns the exit code (nothing = 0); throws UsageError or CliError for the expected failures. */
  run(input: CommandInput<O>): Promise<number | undefined> | number | undefined;
}

/** A runnable command: call it with the arguments after its name. */
export interface Command {
  (args: readonly string[], io?: CliIo): Promise<number>;
  readonly commandName: string;
  readonly usage: string;
  /** For a group (`shequ fleet ls|show|…`): its verbs, each a command of its own. */
  readonly subcommands?: Readonly<Record<string, Command>>;
}

/** --help or -h before a `--` terminator. */
export function asksForHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

function withUsage(usage: string): string {
  return usage.endsWith('\n') ? usage : `${usage}\n`;
}

function asExpected(err: unknown, expected: readonly ExpectedError[]): CliError | undefined {
  for (const entry of expected) {
    const [type, hint] = Array.isArray(entry) ? entry : [entry as ErrorType, undefined];
    if (err instanceof type) {
      const { message } = err as Error;
      return new CliError(hint ? `${message}; ${hint}` : message, { cause: err });
    }
  }
  return undefined;
}

export function defineCommand<O extends OptionSpecs = Record<never, never>>(spec: CommandSpec<O>): Command {
  const usage = withUsage(spec.usage);
  const names = spec.positionals ?? [];
  const command = async (args: readonly string[], io: CliIo = processIo): Promise<number> => {
    if (asksForHelp(args)) {
      io.out(usage);
      return 0;
    }
    try {
      const { values, positionals } = parseArgs({
        args: [...args],
        options: (spec.options ?? {}) as O,
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length > names.length) {
        throw new UsageError(`unexpected argument '${positionals[names.length]}'`);
      }
      const missing = names[positionals.length];
      if (missing !== undefined) throw new UsageError(`missing ${missing}`);
      return (await spec.run({ values, positionals, io })) ?? 0;
    } catch (err) {
      return reportFailure(spec.name, asExpected(err, spec.expected ?? []) ?? err, io, usage);
    }
  };
  return Object.assign(command, { commandName: spec.name, usage });
}

export interface GroupSpec {
  /** The words after `shequ`, e.g. 'fleet'. */
  name: string;
  usage: string;
  commands: Readonly<Record<string, Command>>;
  /** The verb run when the first argument is an option or there is none (e.g. 'run'). */
  defaultCommand?: string;
}

/** A command made of verbs: `shequ <name> <verb> [options]`, each verb a command. */
export function defineGroup(spec: GroupSpec): Command {
  const usage = withUsage(spec.usage);
  const fallback = spec.defaultCommand === undefined ? undefined : spec.commands[spec.defaultCommand];
  const group = async (args: readonly string[], io: CliIo = processIo): Promise<number> => {
    const [verb, ...rest] = args;
    const chosen = verb !== undefined && Object.hasOwn(spec.commands, verb) ? spec.commands[verb] : undefined;
    if (chosen) return chosen(rest, io);
    if (verb === '--help' || verb === '-h') {
      io.out(usage);
      return 0;
    }
    if (fallback && (verb === undefined || verb.startsWith('-'))) return fallback(args, io);
    const problem =
      verb === undefined
        ? `which one? ${Object.keys(spec.commands).join(', ')}`
        : verb.startsWith('-')
          ? `unknown option '${verb}'`
          : `unknown command '${verb}'`;
    return reportFailure(spec.name, new UsageError(problem), io, usage);
  };
  return Object.assign(group, { commandName: spec.name, usage, subcommands: spec.commands });
}
