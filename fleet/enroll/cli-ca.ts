/**
 * `shequ fleet ca init [--data DIR] [--batch B] [--broker-host H]...` creates central's CAs, the
 * broker's server certificate, service certificates, the config-signing key and a first batch's
 * bootstrap bundle. `shequ fleet ca init --batch B2` on an existing CA adds another batch.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CliIo, processIo as stdio } from '../../platform/cli/index.ts';
import { initCentralPki, issueBootstrapBatch, PkiError, pkiPaths } from './central-pki.ts';

const USAGE =
  'usage: shequ fleet ca init [--data DIR] [--batch NAME] [--broker-host HOST]... [--add-batch]\n';

export async function run(args: string[], io: CliIo = stdio): Promise<number> {
  if (args[0] !== 'init') {
    io.err(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args: args.slice(1),
    options: {
      data: { type: 'string' },
      batch: { type: 'string', default: 'batch-1' },
      'broker-host': { type: 'string', multiple: true },
      'add-batch': { type: 'boolean', default: false },
    },
  });
  const dataDir = resolve(values.data ?? 'var/central');
  const batch = values.batch ?? 'batch-1';
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(batch)) {
    io.err(`batch name '${batch}' may use letters, digits, - and _ only\n`);
    return 2;
  }
  const paths = pkiPaths(dataDir);
  try {
    if (values['add-batch']) {
      const dir = await issueBootstrapBatch(dataDir, batch);
      io.out(`bootstrap bundle for batch ${batch}: ${dir}\n`);
      return 0;
    }
    const hosts = values['broker-host'] ?? ['localhost', '127.0.0.1'];
    const result = await initCentralPki(dataDir, { batch, brokerHosts: hosts });
    io.out(
      [
        `central PKI created under ${paths.pki}`,
        `  device CA:           ${paths.deviceCa.certPem}`,
        `  bootstrap CA:        ${paths.bootstrapCa.certPem}`,
        `  broker files:        ${paths.brokerDir}/ (copy to /etc/shequ/broker/ with fleet/broker-tls/acl)`,
        `  broker names:        ${hosts.join(', ')}`,
        `  factory bundle:      ${paths.bootstrapDir(batch)}/ (put in the kiosk image as <data>/bootstrap)`,
        `  config signing key:  ${result.signingKeyId} (${paths.signingKey}; keep it offline)`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (err) {
    if (err instanceof PkiError) {
      io.err(`shequ fleet ca: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
