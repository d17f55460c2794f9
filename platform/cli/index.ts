/** The one helper every `shequ` subcommand uses for its command line (parse, usage, exit codes). */
export {
  asksForHelp,
  type Command,
  type CommandInput,
  type CommandSpec,
  defineCommand,
  defineGroup,
  type ExpectedError,
  type GroupSpec,
  type OptionSpecs,
  type ParsedOptions,
} from './command.ts';
export { asUsageError, CliError, UsageError } from './errors.ts';
export { type CliIo, processIo } from './io.ts';
export { oneLine, reportCrashesAsOneLine, reportFailure } from './report.ts';
export { fileSystemFailure, listenFailure } from './system-errors.ts';
export { integerInRange, nonNegativeSeconds, oneOf, positiveSeconds } from './values.ts';
