/**
 * `shequ fleet config push (--kiosk ID | --site SITE) --config FILE --broker mqtts://HOST:8885
 *    [--version N] [--ttl 30d] [--data DIR]`
 * Signs the configuration with central's ed25519 key and publishes it retained on config/desired.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CliIo, processIo as stdio } from '../../platform/cli/index.ts';
import { loadSigningKey, PkiError, serviceTls } from '../enroll/central-pki.ts';
import { DurationError, parseDuration } from '../enroll/duration.ts';
import { EnrolmentRegistry } from '../enroll/registry.ts';
import { PushError, pushConfig } from './push.ts';
import { type PushTarget, VersionConflictError } from './version-ledger.ts';

const USAGE =
  'usage: shequ fleet config push (--kiosk ID | --site SITE) --config FILE --broker URL [--version N] [--ttl 30d] [--data DIR]\n';

export async function run(args: string[], io: CliIo = stdio): Promise<number> {
  if (args[0] !== 'push') {
    io.err(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args: args.slice(1),
    options: {
      kiosk: { type: 'string' },
      site: { type: 'string' },
      config: { type: 'string' },
      broker: { type: 'string' },
      version: { type: 'string' },
      ttl: { type: 'string', default: '30d' },
      data: { type: 'string' },
    },
  });
  if (!values.config || !values.broker || Boolean(values.kiosk) === Boolean(values.site)) {
    io.err(USAGE);
    return 2;
  }
  const dataDir = resolve(values.data ?? 'var/central');
  const target: PushTarget = values.kiosk ? { kiosk: values.kiosk } : { site: values.site ?? '' };
  try {
    const config: unknown = JSON.parse(await readFile(values.config, 'utf8'));
    const kioskIds = values.kiosk
      ? [values.kiosk]
      : (await new EnrolmentRegistry(dataDir).kiosks())
          .filter((k) => k.siteId === values.site && 'enrolledAt' in k)
          .map((k) => k.kioskId);
    const version = values.version === undefined ? undefined : Number(values.version);
    if (version !== undefined && !(Number.isInteger(version) && version > 0)) {
      io.err('--version must be a positive integer\n');
      return 2;
    }
    const result = await pushConfig({
      dataDir,
      target,
      kioskIds,
      config,
      key: await loadSigningKey(dataDir),
      ttlMs: parseDuration(values.ttl ?? '30d'),
      ...(version === undefined ? {} : { version }),
      brokerUrl: values.broker,
      tls: await serviceTls(dataDir, 'svc-config'),
    });
    io.out(
      `pushed configuration version ${result.bundle.version} (key ${result.bundle.sig.keyId}, expires ${new Date(result.bundle.expiresAt).toISOString()}) to:\n${result.topics.map((t) => `  ${t}`).join('\n')}\n`,
    );
    return 0;
  } catch (err) {
    if (
      err instanceof PushError ||
      err instanceof VersionConflictError ||
      err instanceof PkiError ||
      err instanceof DurationError ||
      err instanceof SyntaxError
    ) {
      io.err(`shequ fleet config push: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
