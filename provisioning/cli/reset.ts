/** `shequ reset --factory [--data DIR] [--dry-run]`: erases personal data, keys and identity, and lists what went. */
import { resolve } from 'node:path';
import { defineCommand, UsageError } from '../../platform/cli/index.ts';
import { factoryReset, formatResetReport } from '../reset/factory-reset.ts';

export const run = defineCommand({
  name: 'reset',
  usage: `usage: shequ reset --factory [--data DIR] [--dry-run]
  erases personal data, keys, identity and configuration; keeps the bootstrap bundle
  --data DIR   the appliance's data directory (default var/appliance)
  --dry-run    list what would be erased, erase nothing
`,
  options: {
    factory: { type: 'boolean', default: false },
    data: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
  run: async ({ values, io }) => {
    if (!values.factory) throw new UsageError('--factory is required: this erases the kiosk');
    const report = await factoryReset(resolve(values.data ?? 'var/appliance'), {
      dryRun: values['dry-run'],
    });
    io.out(formatResetReport(report));
    return 0;
  },
});
