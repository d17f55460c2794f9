/** `shequ reset --factory [--data DIR] [--dry-run]`: erases personal data, keys and identity, and lists what went. */
import { resolve } from 'node:path';
import { CliError, defineCommand, UsageError } from '../../platform/cli/index.ts';
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
    const dataDir = resolve(values.data ?? 'var/appliance');
    const report = await factoryReset(dataDir, { dryRun: values['dry-run'] }).catch(
      (err: NodeJS.ErrnoException) => {
        if (!err.code || !['ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'EBUSY'].includes(err.code)) throw err;
        throw new CliError(
          `cannot reset ${dataDir}: ${err.message}; check --data (the appliance's data directory) and that it is stopped`,
        );
      },
    );
    io.out(formatResetReport(report));
    return 0;
  },
});
