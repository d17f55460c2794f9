/**
 * `shequ provision --claim CODE --broker mqtts://HOST:8884 [--serial S] [--data DIR] [--bootstrap DIR]`
 * Enrols this kiosk: key pair and CSR made here, certificate from the central enrolment service.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SERIAL_PATTERN } from '../../contract/provisioning.ts';
import { enrolKiosk } from '../enrol/enrol-client.ts';
import { AlreadyEnrolledError, EnrolLinkError, EnrolRefusedError } from '../enrol/errors.ts';
import { defaultDeviceSerial } from '../identity/device-serial.ts';
import { identityPaths } from '../identity/kiosk-identity.ts';
import { type CliIo, stdio } from './io.ts';

const USAGE =
  'usage: shequ provision --claim CODE --broker mqtts://HOST:8884 [--serial S] [--data DIR] [--bootstrap DIR] [--timeout SECONDS]\n';

export async function run(args: string[], io: CliIo = stdio): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      claim: { type: 'string' },
      broker: { type: 'string' },
      serial: { type: 'string' },
      data: { type: 'string' },
      bootstrap: { type: 'string' },
      timeout: { type: 'string', default: '300' },
    },
  });
  if (!values.claim || !values.broker) {
    io.err(USAGE);
    return 2;
  }
  const dataDir = resolve(values.data ?? 'var/appliance');
  let serial: string;
  try {
    serial = values.serial ?? defaultDeviceSerial();
  } catch (err) {
    io.err(`shequ provision: ${(err as Error).message}\n`);
    return 2;
  }
  if (!new RegExp(SERIAL_PATTERN).test(serial)) {
    io.err(`serial '${serial}' may use letters, digits, - and _ (4-64)\n`);
    return 2;
  }
  io.out(`enrolling device ${serial} through ${values.broker} …\n`);
  try {
    const identity = await enrolKiosk({
      dataDir,
      serial,
      claimCode: values.claim,
      provisioningUrl: values.broker,
      bootstrapDir: resolve(values.bootstrap ?? join(dataDir, 'bootstrap')),
      timeoutMs: Number(values.timeout) * 1000,
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
    if (
      err instanceof EnrolRefusedError ||
      err instanceof EnrolLinkError ||
      err instanceof AlreadyEnrolledError
    ) {
      io.err(`shequ provision: ${err.message}\n`);
      return 1;
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      io.err(`shequ provision: bootstrap bundle missing: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
}
