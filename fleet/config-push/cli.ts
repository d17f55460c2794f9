/**
 * `shequ fleet config push (--kiosk ID | --site SITE) --config FILE --broker mqtts://HOST:8885
 *    [--version N] [--ttl 30d] [--data DIR]`
 * Signs the configuration with central's ed25519 key and publishes it retained on config/desired.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError, defineCommand, defineGroup, UsageError } from '../../platform/cli/index.ts';
import { loadSigningKey, PkiError, serviceTls } from '../enroll/central-pki.ts';
import { DurationError, parseDuration } from '../enroll/duration.ts';
import { EnrolmentRegistry } from '../enroll/registry.ts';
import { PushError, pushConfig } from './push.ts';
import { type PushTarget, VersionConflictError } from './version-ledger.ts';

const PUSH_USAGE = `usage: shequ fleet config push (--kiosk ID | --site SITE) --config FILE --broker URL [--version N] [--ttl 30d] [--data DIR]
  signs FILE with central's configuration key and publishes it retained to the kiosk or every enrolled kiosk of the site
  --version N   the bundle's version (default: one above the last pushed)
  --ttl 30d     how long the bundle stays valid
  --data DIR    central's data directory (default var/central)
`;

/** The JSON configuration file the operator named; its absence or bad JSON is theirs to fix. */
async function readConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read the configuration ${path}: ${(err as Error).message}; check --config`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`the configuration ${path} is not JSON: ${(err as Error).message}`);
  }
}

const push = defineCommand({
  name: 'fleet config push',
  usage: PUSH_USAGE,
  options: {
    kiosk: { type: 'string' },
    site: { type: 'string' },
    config: { type: 'string' },
    broker: { type: 'string' },
    version: { type: 'string' },
    ttl: { type: 'string', default: '30d' },
    data: { type: 'string' },
  },
  expected: [PushError, VersionConflictError, PkiError, DurationError],
  run: async ({ values, io }) => {
    if (Boolean(values.kiosk) === Boolean(values.site))
      throw new UsageError('give one of --kiosk ID or --site SITE');
    if (!values.config) throw new UsageError('--config FILE is required');
    if (!values.broker) throw new UsageError('--broker URL is required');
    const version = values.version === undefined ? undefined : Number(values.version);
    if (version !== undefined && !(Number.isInteger(version) && version > 0)) {
      throw new UsageError('--version must be a positive integer');
    }
    const dataDir = resolve(values.data ?? 'var/central');
    const target: PushTarget = values.kiosk ? { kiosk: values.kiosk } : { site: values.site ?? '' };
    const config = await readConfigFile(values.config);
    const kioskIds = values.kiosk
      ? [values.kiosk]
      : (await new EnrolmentRegistry(dataDir).kiosks())
          .filter((k) => k.siteId === values.site && 'enrolledAt' in k)
          .map((k) => k.kioskId);
    const result = await pushConfig({
      dataDir,
      target,
      kioskIds,
      config,
      key: await loadSigningKey(dataDir),
      ttlMs: parseDuration(values.ttl),
      ...(version === undefined ? {} : { version }),
      brokerUrl: values.broker,
      tls: await serviceTls(dataDir, 'svc-config'),
    });
    io.out(
      `pushed configuration version ${result.bundle.version} (key ${result.bundle.sig.keyId}, expires ${new Date(result.bundle.expiresAt).toISOString()}) to:\n${result.topics.map((t) => `  ${t}`).join('\n')}\n`,
    );
    return 0;
  },
});

export const run = defineGroup({ name: 'fleet config', usage: PUSH_USAGE, commands: { push } });
