/** `shequ reset --factory [--data DIR] [--dry-run]`: erases personal data, keys and identity, and lists what went. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { factoryReset, formatResetReport } from '../reset/factory-reset.ts';
import { type CliIo, stdio } from './io.ts';

export async function run(args: string[], io: CliIo = stdio): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      factory: { type: 'boolean', default: false },
      data: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.factory) {
    io.err(
      'usage: shequ reset --factory [--data DIR] [--dry-run]\n  erases personal data, keys, identity and configuration; keeps the bootstrap bundle\n',
    );
    return 2;
  }
  const report = await factoryReset(resolve(values.data ?? 'var/appliance'), {
    dryRun: values['dry-run'] ?? false,
  });
  io.out(formatResetReport(report));
  return 0;
}
