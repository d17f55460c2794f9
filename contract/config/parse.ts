/** Validating a configuration against the one schema, with a readable error naming each bad field. */
import { Value } from '@sinclair/typebox/value';
import { ApplianceConfig } from './schema.ts';

export class ConfigError extends Error {
  readonly code = 'config.invalid';
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates a parsed configuration, filling defaults; throws a ConfigError naming each bad field. */
export function parseConfig(input: unknown, source = 'configuration'): ApplianceConfig {
  const withDefaults = Value.Default(ApplianceConfig, structuredClone(input));
  const problems = [...Value.Errors(ApplianceConfig, withDefaults)].map(
    (e) =>
      `${e.path || '/'}: ${e.message}${e.value === undefined ? '' : ` (got ${JSON.stringify(e.value)})`}`,
  );
  if (problems.length > 0) {
    throw new ConfigError(`${source} is invalid:\n  ${problems.slice(0, 10).join('\n  ')}`, problems);
  }
  const config = withDefaults as ApplianceConfig;
  const serviceIds = new Set(config.services.map((s) => s.id));
  const semantic: string[] = [];
  const prefixes = new Set<string>();
  for (const s of config.services) {
    if (prefixes.has(s.prefix)) semantic.push(`/services: prefix ${s.prefix} is used by two services`);
    prefixes.add(s.prefix);
    if (s.lastNumber < s.firstNumber) semantic.push(`/services/${s.id}: lastNumber is below firstNumber`);
  }
  for (const c of config.counters) {
    for (const id of c.serviceIds) {
      if (!serviceIds.has(id)) semantic.push(`/counters/${c.id}/serviceIds: unknown service '${id}'`);
    }
  }
  semantic.push(...hardwareProblems(config));
  if (semantic.length > 0)
    throw new ConfigError(`${source} is invalid:\n  ${semantic.join('\n  ')}`, semantic);
  return config;
}

/** A device named neither by path nor by USB IDs could never be found. */
function hardwareProblems(config: ApplianceConfig): string[] {
  const { reader, scanner, printer } = config.hardware;
  const problems: string[] = [];
  if (reader?.transport === 'serial' && !reader.path && !reader.usb)
    problems.push('/hardware/reader: give the serial device path or the USB VID:PID (usb)');
  if (scanner && !scanner.path && !scanner.usb)
    problems.push('/hardware/scanner: give the device path or the USB VID:PID (usb)');
  if (printer && (printer.uri === undefined) === (printer.usb === undefined))
    problems.push('/hardware/printer: give either uri or usb (VID:PID), not both');
  return problems;
}
