/**
 * A small dispatcher for `shequ notify <verb>`: strict option parsing, --help on stdout (exit 0),
 * a bad command line as one line plus usage (exit 2), any failure as one line (exit 1).
 * (Meant to move onto platform/cli's defineGroup once that lands on main.)
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>['values'];

export interface Verb {
  usage: string;
  run(args: string[]): Promise<number>;
}

class UsageError extends Error {}

export function defineVerb<O extends Options>(spec: {
  name: string;
  usage: string;
  options: O;
  positionals?: readonly string[];
  run(values: Values<O>, positionals: string[]): Promise<number | undefined>;
}): Verb {
  return {
    usage: spec.usage,
    async run(args) {
      if (args.includes('--help') || args.includes('-h')) {
        process.stdout.write(spec.usage);
        return 0;
      }
      let parsed: { values: Values<O>; positionals: string[] };
      try {
        parsed = parseArgs({ args, options: spec.options, allowPositionals: true, strict: true });
        const names = spec.positionals ?? [];
        if (parsed.positionals.length > names.length)
          throw new UsageError(`unexpected argument '${parsed.positionals[names.length]}'`);
        if (parsed.positionals.length < names.length)
          throw new UsageError(`missing ${names[parsed.positionals.length]}`);
      } catch (err) {
        process.stderr.write(`shequ ${spec.name}: ${(err as Error).message}\n\n${spec.usage}`);
        return 2;
      }
      try {
        return (await spec.run(parsed.values, parsed.positionals)) ?? 0;
      } catch (err) {
        process.stderr.write(`shequ ${spec.name}: ${(err as Error).message.split('\n')[0]}\n`);
        return 1;
      }
    },
  };
}

export function dispatch(
  name: string,
  usage: string,
  verbs: Record<string, Verb>,
): (args: string[]) => Promise<number> {
  return async (args) => {
    const [verb, ...rest] = args;
    if (verb === undefined || verb === '--help' || verb === '-h') {
      process.stdout.write(usage);
      return verb === undefined ? 2 : 0;
    }
    const chosen = verbs[verb];
    if (!chosen) {
      process.stderr.write(
        `shequ ${name}: unknown ${verb.startsWith('-') ? 'option' : 'command'} '${verb}'\n\n${usage}`,
      );
      return 2;
    }
    return chosen.run(rest);
  };
}
