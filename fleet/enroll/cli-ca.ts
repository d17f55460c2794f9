/**
 * `shequ fleet ca init [--data DIR] [--batch B] [--broker-host H]...` creates central's CAs, the
 * broker's server certificate, service certificates, the config-signing key and a first batch's
 * bootstrap bundle. `shequ fleet ca init --batch B2 --add-batch` on an existing CA adds another batch.
 */
import { resolve } from 'node:path';
import { defineCommand, defineGroup, UsageError } from '../../platform/cli/index.ts';
import { initCentralPki, issueBootstrapBatch, PkiError, pkiPaths } from './central-pki.ts';

const INIT_USAGE = `usage: shequ fleet ca init [--data DIR] [--batch NAME] [--broker-host HOST]... [--add-batch]
  --data DIR          central's data directory (default var/central)
  --batch NAME        the bootstrap batch to issue (default batch-1)
  --broker-host HOST  a name or address in the broker's certificate (default localhost, 127.0.0.1)
  --add-batch         on an existing CA, only issue another batch's bootstrap bundle
`;

const init = defineCommand({
  name: 'fleet ca init',
  usage: INIT_USAGE,
  options: {
    data: { type: 'string' },
    batch: { type: 'string', default: 'batch-1' },
    'broker-host': { type: 'string', multiple: true },
    'add-batch': { type: 'boolean', default: false },
  },
  expected: [PkiError],
  run: async ({ values, io }) => {
    const dataDir = resolve(values.data ?? 'var/central');
    const batch = values.batch;
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(batch)) {
      throw new UsageError(`batch name '${batch}' may use letters, digits, - and _ only`);
    }
    const paths = pkiPaths(dataDir);
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
  },
});

export const run = defineGroup({ name: 'fleet ca', usage: INIT_USAGE, commands: { init } });
