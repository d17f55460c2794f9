/**
 * `shequ provision --claim CODE --broker mqtts://HOST:8884 [--serial S] [--data DIR] [--bootstrap DIR]`
 * Enrols this kiosk: key pair and CSR made here, certificate from the central enrolment service.
 */
import { join, resolve } from 'node:path';
import { SERIAL_PATTERN } from '../../contract/provisioning.ts';
import { CliError, defineCommand, positiveSeconds, UsageError } from '../../platform/cli/index.ts';
import { enrolKiosk } from '../enrol/enrol-client.ts';
import { AlreadyEnrolledError, EnrolLinkError, EnrolRefusedError } from '../enrol/errors.ts';
import { defaultDeviceSerial } from '../identity/device-serial.ts';
import { identityPaths } from '../identity/kiosk-identity.ts';

export const run = defineCommand({
  name: 'provision',
  usage: `usage: shequ provision --claim CODE --broker mqtts://HOST:8884 [--serial S] [--data DIR] [--bootstrap DIR] [--timeout SECONDS] [--panel-name NAME]...
  enrols this kiosk with a claim code from 'shequ fleet enroll claim'; the key never leaves the kiosk
  --data DIR        the appliance's data directory (default var/appliance)
  --bootstrap DIR   the factory bootstrap bundle (default DATA/bootstrap)
  --timeout S       how long to wait for the enrolment service, e.g. for an approval (default 300)
  --panel-name N    a LAN host name or private address the staff panel is reached at (repeat it):
                    the district CA then issues the panel's HTTPS certificate too (http.tls without cert/key)
`,
  options: {
    claim: { type: 'string' },
    broker: { type: 'string' },
    serial: { type: 'string' },
    data: { type: 'string' },
    bootstrap: { type: 'string' },
    timeout: { type: 'string', default: '300' },
    'panel-name': { type: 'string', multiple: true },
  },
  expected: [EnrolRefusedError, EnrolLinkError, AlreadyEnrolledError],
  run: async ({ values, io }) => {
    if (!values.claim) throw new UsageError('--claim CODE is required');
    if (!values.broker) throw new UsageError('--broker URL is required');
    const timeoutMs = positiveSeconds(values.timeout, '--timeout') * 1000;
    const dataDir = resolve(values.data ?? 'var/appliance');
    let serial: string;
    try {
      serial = values.serial ?? defaultDeviceSerial();
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if (!new RegExp(SERIAL_PATTERN).test(serial)) {
      throw new UsageError(`serial '${serial}' may use letters, digits, - and _ (4-64)`);
    }
    const bootstrapDir = resolve(values.bootstrap ?? join(dataDir, 'bootstrap'));
    io.out(`enrolling device ${serial} through ${values.broker} …\n`);
    try {
      const identity = await enrolKiosk({
        dataDir,
        serial,
        claimCode: values.claim,
        provisioningUrl: values.broker,
        bootstrapDir,
        timeoutMs,
        ...(values['panel-name']?.length ? { panelNames: values['panel-name'] } : {}),
        onStatus: (line) => io.out(`${line}\n`),
      });
      io.out(
        [
          `enrolled as kiosk ${identity.kioskId} (site ${identity.siteId})`,
          `  certificate valid until ${new Date(identity.notAfter).toISOString()}`,
          `  identity in ${identityPaths(dataDir).dir}; from now on this kiosk connects to ${identity.brokerUrl} with it`,
          '',
        ].join('\n'),
      );
      return 0;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new CliError(
          `bootstrap bundle missing (${(err as Error).message}); put the factory bundle in ${bootstrapDir} or pass --bootstrap DIR`,
        );
      }
      throw err;
    }
  },
});
